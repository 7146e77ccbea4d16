"""Beyond one machine: two web instances (gunicorn, as deploy/ runs it) and two workers on one PostgreSQL and
one Redis, with the one cron process. A session made on instance 1 works on instance 2 (sessions live in
Redis), work asked for through both instances runs exactly once (each job's outbox row done after one
attempt, one mail per invitation at the SMTP server: none lost, none doubled), and a second cron is refused."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
import requests
from redis import Redis
from rq.cron_scheduler_registry import get_registry_key
from sqlalchemy import select

from samverka.jobs.models import DONE, QueuedJob
from samverka.jobs.schedule import CRON_NAME
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.jobs.harness import REPO_ROOT, VENV_BIN, ServiceProcess, app_environment, mails_to
from tests.support.fixtures import free_port
from tests.support.login import LOGIN_LEVEL, provider_redirect
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.committed]
MAIL_JOB = "samverka.tenants.tasks.send_invitation_email"
INVITATIONS_PER_INSTANCE = 6


@pytest.fixture
def hosts(app, redis_url, tmp_path):
    """Two gunicorns, two workers and one cron, each a process of its own, as on two hosts."""
    env = app_environment(
        app,
        tmp_path,
        REDIS_URL=redis_url,
        PYTHONPATH=str(REPO_ROOT),
        OIDC_DISCOVERY_URL=app.config["OIDC_DISCOVERY_URL"],
        OIDC_CLIENT_ID=app.config["OIDC_CLIENT_ID"],
        OIDC_CLIENT_SECRET=app.config["OIDC_CLIENT_SECRET"],
        DOCUMENT_DIR=app.config["DOCUMENT_DIR"],
        WEB_CONCURRENCY="1",
    )
    started: dict[str, ServiceProcess] = {}

    ports = [free_port(), free_port()]
    commands = {"cron": [str(VENV_BIN / "samverka"), "cron"]}
    for number, port in enumerate(ports, 1):
        gunicorn = [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        gunicorn.append("--no-control-socket")  # else both would share $HOME/.gunicorn/gunicorn.ctl
        commands[f"web-{number}"] = [*gunicorn, "samverka.platform.app:create_app()"]
        commands[f"worker-{number}"] = [str(VENV_BIN / "samverka"), "worker"]
    try:
        # All at once, as hosts boot; then each waited for.
        for name, args in commands.items():
            started[name] = ServiceProcess(args, env, tmp_path / f"{name}.log")
        for name, process in started.items():
            if name != "cron":
                process.wait_for("Samverka web ready" if name.startswith("web") else "Listening on")
        registry = Redis.from_url(redis_url)
        wait_until(lambda: registry.zscore(get_registry_key(), CRON_NAME) is not None, what="the cron registered")
        registry.close()
        yield [f"http://127.0.0.1:{port}" for port in ports], env, tmp_path
    finally:
        for process in started.values():  # all asked to stop first: their graceful shutdowns overlap
            if process.process.poll() is None:
                process.process.terminate()
        for process in started.values():
            process.stop()
            print(process.output())  # shown when the test failed


def _browser(app) -> requests.Session:
    """A client of the one public address (PUBLIC_URL, registered at the provider) that both instances serve,
    as behind a load balancer: the app builds the OIDC redirect URI from the Host asked for."""
    browser = requests.Session()
    browser.headers["Host"] = urlparse(app.config["PUBLIC_URL"]).netloc
    return browser


def _sign_in(browser: requests.Session, instance: str, person) -> None:
    """The real e-ID flow against one instance (the provider's answer taken back to that same instance)."""
    start = browser.get(f"{instance}/login/start", allow_redirects=False, timeout=10)
    assert start.status_code == 302, start.text[:300]
    callback = urlparse(provider_redirect(start.headers["Location"], person.pid, LOGIN_LEVEL))
    landing = browser.get(f"{instance}{callback.path}?{callback.query}", timeout=30)
    assert landing.status_code == 200, landing.text[:300]


def _outbox(app) -> list[QueuedJob]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the outbox of two hosts"))
        rows = list(db.session.scalars(select(QueuedJob).where(QueuedJob.name == MAIL_JOB)))
        db.session.expunge_all()
        return rows


def _all_done(app, expected: int) -> list[QueuedJob]:
    rows = _outbox(app)
    return rows if len(rows) == expected and all(row.state == DONE for row in rows) else []


def test_two_web_instances_share_sessions_and_two_workers_run_every_job_once(app, hosts, tenant_a, smtp_server):
    (first, second), env, tmp_path = hosts
    smtp_server.clear()
    browser = _browser(app)
    _sign_in(browser, first, tenant_a.people["coordinator"])
    assert _browser(app).get(f"{second}/api/v1/csrf-token", timeout=10).status_code == 401  # without the cookie
    token = browser.get(f"{second}/api/v1/csrf-token", timeout=10)
    assert token.status_code == 200, "the session made on instance 1 works on instance 2"
    browser.headers["X-CSRFToken"] = token.json()["csrf_token"]

    addresses = [f"invitee-{n}@example.test" for n in range(2 * INVITATIONS_PER_INSTANCE)]
    for n, address in enumerate(addresses):
        body = {"email": address, "name": f"Invitee {n}", "role": "it_coordinator", "scope_id": tenant_a.tenant_id}
        answer = browser.post(f"{(first, second)[n % 2]}/api/v1/invitations", json=body, timeout=30)
        assert answer.status_code == 201, answer.text[:300]

    rows = wait_until(lambda: _all_done(app, len(addresses)), what="every invitation's mail job done")
    assert sorted(row.attempts for row in rows) == [1] * len(addresses)
    assert {address: len(mails_to(smtp_server, address)) for address in addresses} == dict.fromkeys(addresses, 1)
    assert len(smtp_server.messages) == len(addresses)

    second_cron = ServiceProcess([str(VENV_BIN / "samverka"), "cron"], env, tmp_path / "cron-2.log")
    assert second_cron.process.wait(timeout=60) != 0
    second_cron.stop()
    assert "another cron process is already running" in second_cron.output()
