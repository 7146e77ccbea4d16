"""The smoke test, through nginx over HTTPS as a browser and an API client would reach a real host.

It checks the site (HTTP redirected, static files from nginx, /metrics closed, the body limit), signs
Nina Lie (IT coordinator, Notodden) in with the development e-ID, registers a need and submits it to the
region, waits for the matching job this asks for to be done by a worker, then signs Kari Nordmann (the
region's coordinator) in, invites a person and waits for the invitation's mail at the catcher.
"""

from __future__ import annotations

import html
import re
import secrets
import time
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import psycopg
import requests
import urllib3

from .settings import Stack

REGION = "Kongsbergregionen"
NINA, KARI = "06068012345", "02028012345"  # the demo personas' test identity numbers (devtools/demo)
LEVEL = "idporten-loa-substantial"
MATCH_JOB = "samverka.platform.matching.tasks.match_need"
NEED = {
    "title": "Røykprøve: nytt sak- og arkivsystem",
    "description": "Registrert av deploy/stack smoke gjennom nginx.",
    "kind": "replacement",
    "category": "business_systems",
    "cpv_codes": ["48311100-2"],
    "desired_start": "2028-Q1",
}


def readiness(stack: Stack) -> str:
    try:
        answer = requests.get(f"{stack.public_url}/readyz", verify=_ca(stack), timeout=5)
    except requests.RequestException as error:
        return f"unreachable ({error.__class__.__name__})"
    return f"{answer.status_code} {answer.text.strip()}"


def _ca(stack: Stack) -> str:
    return str(stack.tls_dir / "fullchain.pem")


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"smoke test FAILED: {what}")


def _eventually(check: Callable[[], object], what: str, timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    raise SystemExit(f"smoke test FAILED: {what} within {timeout:.0f} s")


def run_smoke(stack: Stack) -> Iterator[str]:
    yield from _site(stack)
    nina = _signed_in(stack, NINA)
    yield "signed in through nginx with the development e-ID (Nina Lie)"
    yield _need_and_its_job(stack, nina)
    kari = _signed_in(stack, KARI)
    yield _invitation_mail(stack, kari)


def _site(stack: Stack) -> Iterator[str]:
    plain = requests.get(f"http://{stack.host}:{stack.http_port}/healthz", allow_redirects=False, timeout=5)
    _expect(plain.status_code == 301, f"HTTP answers {plain.status_code}, not a redirect")
    _expect(plain.headers["Location"] == f"{stack.public_url}/healthz", f"redirected to {plain.headers['Location']}")
    yield "HTTP redirects to HTTPS"
    # Right after start the web workers may still be importing the app (slowly, on a busy machine).
    said = _eventually(lambda: readiness(stack).startswith("200 ") and readiness(stack), "/readyz answering 200")
    yield f"/readyz through nginx: {said}"
    css = requests.get(f"{stack.public_url}/static/ui/samverka.css", verify=_ca(stack), timeout=5)
    _expect(css.status_code == 200 and "text/css" in css.headers["Content-Type"], "samverka.css not served")
    _expect(css.headers.get("Cache-Control") == "public, max-age=3600", f"static cache: {css.headers}")
    _expect("Content-Security-Policy" not in css.headers, "static files came from the app, not from nginx")
    yield "static files served by nginx (Cache-Control: public, max-age=3600)"
    yield _metrics_closed(stack)
    big_body = b"x" * (2 * 1024 * 1024 + 1)
    big = requests.post(f"{stack.public_url}/login/start", data=big_body, verify=_ca(stack))
    _expect(big.status_code == 413, f"a body over 2 MiB answered {big.status_code}")
    upload = requests.post(f"{stack.public_url}/procurements/1/documents", data=big_body, verify=_ca(stack))
    _expect(upload.status_code != 413, "a 2 MiB document upload was refused: its limit is DOCUMENT_MAX_MB")
    yield f"a body over 2 MiB is refused by nginx (413), but not a document upload ({upload.status_code})"


def _metrics_closed(stack: Stack) -> str:
    """/metrics from another address than the host's own (127.0.0.2 is another client to nginx) is refused."""
    pool = urllib3.HTTPSConnectionPool(
        "127.0.0.1", stack.https_port, source_address=("127.0.0.2", 0), ca_certs=_ca(stack), assert_hostname="localhost"
    )
    outside = pool.request("GET", "/metrics", headers={"Host": stack.host}, retries=False)
    _expect(outside.status == 403, f"/metrics from 127.0.0.2 answered {outside.status}")
    local = requests.get(f"{stack.public_url}/metrics", verify=_ca(stack), timeout=10)
    _expect(local.status_code != 403, "/metrics refused to the host itself")
    return f"/metrics: 403 from another address, {local.status_code} from the host itself"


def _signed_in(stack: Stack, pid: str) -> requests.Session:
    """Sign in as a browser does: the app sends us to the provider, its answer comes back through nginx."""
    browser = requests.Session()
    browser.trust_env = False  # else REQUESTS_CA_BUNDLE (and proxies) from the environment win over ``verify``
    browser.verify = _ca(stack)
    start = browser.get(f"{stack.public_url}/login/start", allow_redirects=False, timeout=10)
    _expect(start.status_code == 302, f"/login/start answered {start.status_code}")
    page = browser.get(start.headers["Location"], timeout=10)
    action = re.search(r'<form method="post" action="([^"]*)"', page.text)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    _expect(bool(action and token), "the provider's login page has no form")
    answer = browser.post(
        urljoin(page.url, html.unescape(action.group(1))),
        data={"csrf_token": token.group(1), "pid": pid, "acr": LEVEL},
        allow_redirects=False,
        timeout=10,
    )
    callback = answer.headers.get("Location", "")
    _expect(callback.startswith(f"{stack.public_url}/auth/callback"), f"the provider sent us to {callback!r}")
    landing = browser.get(callback, timeout=30)
    _expect(landing.status_code == 200, f"after the callback: {landing.status_code}")
    csrf = browser.get(f"{stack.public_url}/api/v1/csrf-token", timeout=10)
    _expect(csrf.status_code == 200, f"not signed in after the callback ({csrf.status_code})")
    # Flask-WTF checks the Referer of every HTTPS write, as for a browser's.
    browser.headers.update({"X-CSRFToken": csrf.json()["csrf_token"], "Referer": f"{stack.public_url}/"})
    return browser


def _system(stack: Stack) -> psycopg.Connection:
    """The system role's connection: the policies let it read every tenant's rows (even the owner's are
    subject to row-level security)."""
    return psycopg.connect(stack.url(stack.system_role, driver=""), autocommit=True)


def _id(stack: Stack, table: str, name: str) -> int:
    with _system(stack) as db:
        found = db.execute(f"SELECT id FROM {table} WHERE name = %s", (name,)).fetchone()  # our own table names
    _expect(found is not None, f"no {name} in {table}: was the demo loaded?")
    return found[0]


def _need_and_its_job(stack: Stack, nina: requests.Session) -> str:
    """A need registered and submitted to the region: the submission asks for the matching job."""
    notodden = _id(stack, "tenants", "Notodden")
    made = nina.post(f"{stack.public_url}/api/v1/tenants/{notodden}/needs", json=NEED, timeout=30)
    _expect(made.status_code == 201, f"registering a need answered {made.status_code}: {made.text[:300]}")
    need_id = made.json()["id"]
    region = {"region_ids": [_id(stack, "regions", REGION)]}
    submitted = nina.post(f"{stack.public_url}/api/v1/needs/{need_id}/submission", json=region, timeout=30)
    _expect(submitted.status_code == 200, f"submitting answered {submitted.status_code}: {submitted.text[:300]}")

    def job_state() -> str | None:
        with _system(stack) as db:
            row = db.execute(
                "SELECT state FROM job_outbox WHERE name = %s AND args::jsonb = %s::jsonb ORDER BY id DESC LIMIT 1",
                (MATCH_JOB, f"[{need_id}]"),
            ).fetchone()
        return row[0] if row and row[0] in ("done", "failed") else None

    state = _eventually(job_state, f"the matching job of need {need_id} done by a worker")
    _expect(state == "done", f"the matching job of need {need_id} is {state}")
    return f"need {need_id} registered and submitted; its matching job ran on a worker (job_outbox: done)"


def _invitation_mail(stack: Stack, kari: requests.Session) -> str:
    address = f"smoke-{secrets.token_hex(4)}@example.test"
    body = {
        "email": address,
        "name": "Røyk Prøvesen",
        "role": "it_coordinator",
        "scope_id": _id(stack, "tenants", "Notodden"),
    }
    made = kari.post(f"{stack.public_url}/api/v1/invitations", json=body, timeout=30)
    _expect(made.status_code == 201, f"inviting answered {made.status_code}: {made.text[:300]}")
    _eventually(
        lambda: stack.mail_log.exists() and address in stack.mail_log.read_text(errors="replace"),
        f"the invitation's mail to {address} at the catcher",
    )
    return f"invitation {made.json()['id']} sent; its mail to {address} arrived at the catcher"
