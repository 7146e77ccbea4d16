"""Screenshots of the demo for the README: each role's landing page, the action plan and a chart.

Runs the demo as ``make demo`` does, in a throw-away instance on free ports (SQLite, jobs in-process,
the development e-ID provider), signs in as each persona through the provider's login page in Debian's
chromium, and writes PNGs. Nothing is fetched from the network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LANGUAGE = "en"
# (file name, persona's identity number in the development e-ID, the page after signing in)
LANDING_PAGES = (
    ("landing-coordinator", "02028012345"),  # Kari Nordmann, the region's coordinator
    ("landing-it-coordinator", "06068012345"),  # Nina Lie, Notodden
    ("landing-chief-executive", "04048012345"),  # Ingrid Haugen, Flesberg
    ("landing-purchaser", "03038012345"),  # Per Innkjøp
    ("landing-partner", "08088012345"),  # Siri Dahl, K-IKT
    ("landing-operator", "01018012345"),  # Olav Drift
)
CHIEF = "04048012345"
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing listens on port {port} after {seconds} s") from None
            time.sleep(0.1)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer within {seconds} s") from None
            time.sleep(0.2)


def demo_environment(instance: Path, web: int, eid: int, mail: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL")}
    env.update(
        SAMVERKA_INSTANCE=str(instance),
        PUBLIC_URL=f"http://127.0.0.1:{web}",
        OIDC_DISCOVERY_URL=f"http://127.0.0.1:{eid}/.well-known/openid-configuration",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(mail),
    )
    return env


@contextmanager
def running_demo():
    """The demo app and e-ID provider on free ports; yields the app's URL and the instance folder."""
    bin_dir = Path(sys.executable).parent
    web, eid, mail = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="samverka-shots-") as folder, ExitStack() as stack:
        env = demo_environment(Path(folder), web, eid, mail)

        def start(*command) -> None:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            stack.callback(process.wait, 10)
            stack.callback(process.terminate)

        start(bin_dir / "samverka-dev", "mail-catcher", "--port", str(mail), "--log", str(Path(folder) / "mail.log"))
        wait_for_port(mail)  # the demo data's mail (invitations, the council's) goes to the catcher
        subprocess.run([bin_dir / "samverka", "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([bin_dir / "samverka-dev", "demo-data"], env=env, check=True, capture_output=True)
        start(bin_dir / "samverka-dev", "eid", "--port", str(eid))
        start(sys.executable, "-m", "flask", "--app", "samverka.platform.app:create_app()", "run", "--port", str(web))
        wait_for(f"http://127.0.0.1:{eid}/.well-known/openid-configuration")
        wait_for(f"http://127.0.0.1:{web}/healthz")
        yield f"http://127.0.0.1:{web}"


def sign_in(page, base_url: str, pid: str) -> None:
    page.goto("/login")
    page.locator('a[href*="/login/start"], form[action*="/login/start"] [type="submit"]').first.click()
    page.wait_for_selector("#pid")
    page.fill("#pid", pid)
    page.locator('input[name="acr"]').first.check()
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.startswith(base_url))
    page.wait_for_load_state("networkidle")


def new_page(browser, base_url: str, viewport: dict):
    context = browser.new_context(base_url=base_url, viewport=viewport, locale=LANGUAGE)
    context.add_cookies([{"name": "samverka_lang", "value": LANGUAGE, "url": base_url}])
    return context.new_page()


def shoot_landing_pages(browser, base_url: str, out: Path) -> list[Path]:
    written = []
    for name, pid in LANDING_PAGES:
        page = new_page(browser, base_url, WIDE)
        sign_in(page, base_url, pid)
        page.goto("/")
        written.append(out / f"{name}.png")
        page.screenshot(path=written[-1], full_page=True)
        page.context.close()
    return written


def shoot_plan(browser, base_url: str, out: Path) -> list[Path]:
    """Ingrid's way to the vote: the plan page with what Flesberg pays, its timeline chart, and her phone."""
    page = new_page(browser, base_url, WIDE)
    sign_in(page, base_url, CHIEF)
    page.goto("/")
    # The landing page's vote item leads to /action-plans/<id>/vote; the plan is its parent page.
    vote = page.locator('a[href^="/action-plans/"]').first.get_attribute("href")
    page.goto(vote.removesuffix("/vote"))
    written = [out / "action-plan.png", out / "chart-timeline.png", out / "phone-landing-chief-executive.png"]
    page.screenshot(path=written[0], full_page=True)
    page.locator("figure").first.screenshot(path=written[1])
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.screenshot(path=written[2], full_page=False)
    page.context.close()
    return written


def main(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with running_demo() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            return shoot_landing_pages(browser, base_url, out) + shoot_plan(browser, base_url, out)
        finally:
            browser.close()
