"""The processes of the HTTP benchmark, started as deploy/ starts them, and signing in through the e-ID provider.

* Samverka under gunicorn with ``deploy/gunicorn.conf.py``, ``SAMVERKA_ENV=production``, the application role
  (RLS on), the system role, Redis, and secrets made for this run only (never written to a file);
* the development e-ID provider (it refuses production, so it runs with the development setting: it is the
  stand-in for ID-porten, not part of the deployment), with the app as its only client;
* the bare Flask app (``bench/bare_app.py``) under gunicorn with the same number of sync workers.

People sign in as a browser would (``/login/start``, the provider's form, ``/auth/callback``); the session
cookie that the callback sets is what wrk sends.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import requests
from flask import Flask
from sqlalchemy import create_engine, make_url, text

from samverka.platform.core.identity import identity_hash
from tests.support import services
from tests.support.login import LOGIN_LEVEL, provider_redirect

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEPLOY_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
APP = "samverka.platform.app:create_app()"
SESSION_COOKIE = Flask.default_config["SESSION_COOKIE_NAME"]
WORKERS = "2"


@dataclass(frozen=True)
class Person:
    pid: str  # a made-up identity number the development provider signs in
    user_id: int


@dataclass(frozen=True)
class NationalDatabase:
    app_url: str  # the application role: owns nothing, RLS applies
    owner_url: str
    system_url: str
    people: dict[str, Person]  # by role: coordinator, it_coordinator, chief_executive
    identity_hash_key: str  # the one the people's eid_hash was loaded with (bench/national.py's)


@dataclass(frozen=True)
class Ports:
    app: int
    provider: int
    bare_no_rls: int
    bare_rls: int

    @classmethod
    def starting_at(cls, first: int) -> Ports:
        """Four ports from ``first`` on; 0: any four free ones (the smoke test's choice)."""
        return cls(first, first + 1, first + 2, first + 3) if first else cls(*_free_ports(4))


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for each in sockets:
            each.bind(("127.0.0.1", 0))
        return [each.getsockname()[1] for each in sockets]
    finally:
        for each in sockets:
            each.close()


def _url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def refuse_taken(port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: stop what runs there or choose --port")


def app_environment(db: NationalDatabase, ports: Ports, redis_url: str, instance: str) -> dict[str, str]:
    """What /etc/samverka/samverka.env holds in production, with random secrets of this run (kept in memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKA_", "OIDC_", "DATABASE_"))}
    return env | {
        "SAMVERKA_ENV": "production",
        "SAMVERKA_INSTANCE": instance,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "IDENTITY_HASH_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": db.app_url,
        "DATABASE_OWNER_URL": db.owner_url,
        "SYSTEM_DATABASE_URL": db.system_url,
        "REDIS_URL": redis_url,
        "OIDC_DISCOVERY_URL": f"{_url(ports.provider)}/.well-known/openid-configuration",
        "OIDC_CLIENT_ID": "samverka-bench",
        "OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
        "PUBLIC_URL": _url(ports.app),
        "SAMVERKA_BIND": f"127.0.0.1:{ports.app}",
        "WEB_CONCURRENCY": WORKERS,
    }


def admin_url(db: NationalDatabase) -> str:
    """The database as the administrator (``TEST_PG_ADMIN_URL``'s role): the tables' owner is held by RLS
    like everyone (FORCE ROW LEVEL SECURITY), so reading without RLS takes a role that bypasses it."""
    database = make_url(db.owner_url).database
    return make_url(services.ADMIN_URL).set(drivername="postgresql+psycopg", database=database).render_as_string(False)


def recognise(db: NationalDatabase, key: str) -> None:
    """Each person's ``eid_hash`` under ``key``, so that the provider's pid finds the user.

    The app runs in production mode, which refuses an IDENTITY_HASH_KEY shorter than 32 characters, and the
    data set's documented non-secret key is shorter: the run's random key is used and the hashes restored after.
    """
    engine = create_engine(admin_url(db))
    with engine.begin() as conn:
        for person in db.people.values():
            digest = identity_hash(person.pid, key)
            conn.execute(text("UPDATE users SET eid_hash = :h WHERE id = :id"), {"h": digest, "id": person.user_id})
    engine.dispose()


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} exited at start-up:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:  # not listening yet, or a worker still importing on a busy machine
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _process(command: list[str], env: dict, ready_url: str, log: Path):
    """A process of ours, its output in ``log``; stopped by its own id (gunicorn's master stops its workers)."""
    with open(log, "w") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(ready_url, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _provider(env: dict, ports: Ports, logs: Path):
    dev_env = env | {"SAMVERKA_ENV": "development"}  # the provider refuses production: it lets anyone sign in
    command = [str(VENV_BIN / "python"), "-m", "samverka.devtools.eid_provider", "--port", str(ports.provider)]
    # "=" ties each value to its option: a generated secret may begin with "-", which argparse reads as an option.
    command += [f"--client-id={env['OIDC_CLIENT_ID']}", f"--client-secret={env['OIDC_CLIENT_SECRET']}"]
    command += ["--redirect-uri", f"{_url(ports.app)}/auth/callback"]
    ready = f"{_url(ports.provider)}/.well-known/openid-configuration"
    return _process(command, dev_env, ready, logs / "provider.log")


def _gunicorn(config: list[str], app: str, env: dict, port: int, log: Path):
    command = [str(VENV_BIN / "gunicorn"), *config, app]
    return _process(command, env, f"{_url(port)}/healthz", log)


def _bare(db_url: str, tenant_id: int, scope: str, port: int, log: Path):
    """The same gunicorn settings as the app's (workers, access log, recycling): only the app differs."""
    env = os.environ | {"BARE_DATABASE_URL": db_url, "BARE_TENANT_ID": str(tenant_id), "BARE_SCOPE": scope}
    env |= {"SAMVERKA_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": WORKERS}
    config = ["-c", str(DEPLOY_CONFIG), "--chdir", str(ROOT / "bench")]
    return _gunicorn(config, "bare_app:app", env, port, log)


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # gunicorn's master: its children are the workers


@dataclass(frozen=True)
class Stack:
    app: Server
    bare_no_rls: Server
    bare_rls: Server
    logs: Path


@contextmanager
def running(db: NationalDatabase, ports: Ports, env: dict[str, str], bare_tenant_id: int, bare_scope: str):
    """Everything up (the app, the provider, the two bare servers); everything stopped on leaving."""
    for port in (ports.app, ports.provider, ports.bare_no_rls, ports.bare_rls):
        refuse_taken(port)
    with tempfile.TemporaryDirectory(prefix="samverka-httpbench-") as folder, ExitStack() as stack:
        logs = Path(folder)
        recognise(db, env["IDENTITY_HASH_KEY"])
        stack.callback(recognise, db, db.identity_hash_key)  # as loaded again: a later --reuse finds them
        stack.enter_context(_provider(env, ports, logs))
        app = stack.enter_context(_gunicorn(["-c", str(DEPLOY_CONFIG)], APP, env, ports.app, logs / "app.log"))
        free = stack.enter_context(_bare(admin_url(db), bare_tenant_id, "", ports.bare_no_rls, logs / "bare-free.log"))
        rls = stack.enter_context(_bare(db.app_url, bare_tenant_id, bare_scope, ports.bare_rls, logs / "bare-rls.log"))
        started = zip((ports.app, ports.bare_no_rls, ports.bare_rls), (app, free, rls))
        servers = [Server(_url(port), process.pid) for port, process in started]
        yield Stack(*servers, logs)


def sign_in(app_url: str, pid: str, who: str) -> str:
    """The session cookie's value after a real e-ID sign-in as ``pid`` (never printed: ``who`` names the person).

    The cookie is ``Secure`` in production and we speak plain HTTP to gunicorn (the TLS proxy is left
    out), so it is carried by hand rather than by a cookie jar, which would hold it back.
    """
    start = requests.get(f"{app_url}/login/start", allow_redirects=False, timeout=10)
    if start.status_code != 302 or SESSION_COOKIE not in start.cookies:
        raise SystemExit(f"/login/start answered {start.status_code}, not a redirect with a session")
    callback = urlparse(provider_redirect(start.headers["Location"], pid, LOGIN_LEVEL))
    cookie = {"Cookie": f"{SESSION_COOKIE}={start.cookies[SESSION_COOKIE]}"}
    answer = requests.get(f"{app_url}{callback.path}?{callback.query}", headers=cookie, allow_redirects=False)
    if answer.status_code != 302 or SESSION_COOKIE not in answer.cookies:
        raise SystemExit(f"the e-ID callback answered {answer.status_code} for the {who}: no session")
    session = answer.cookies[SESSION_COOKIE]
    me = requests.get(f"{app_url}/api/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={session}"}, timeout=10)
    if me.status_code != 200:
        raise SystemExit(f"the {who} signed in, but /api/v1/me answered {me.status_code}")
    return session
