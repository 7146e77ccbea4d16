"""The developer tools stay out of production: never imported by the app, never started with SAMVERKA_ENV=production.

The development e-ID provider lets anyone sign in as anyone; if the production
app imported it, or a production environment could start it, one slip would
open every tenant. These tests hold the line from three sides: what a real
production process imports, what the commands do, and what the sources say.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from samverka.devtools import cli as dev_cli
from samverka.devtools import mail_catcher
from samverka.devtools.guard import REFUSAL
from samverka.platform import cli as production_cli
from tests.jobs.harness import REPO_ROOT, VENV_BIN, ServiceProcess
from tests.support.fixtures import free_port
from tests.support.waiting import wait_until

PRODUCTION_PARTS = ("platform", "tenants", "jobs")
DEVTOOLS = "samverka.devtools"
DEV_COMMANDS = ("demo-data", "end-standstill", "eid", "mail-catcher", "screenshots")

# What a production process loads: the app (gunicorn), the ``samverka`` command, the worker and the cron.
IMPORT_PROBE = """
import sys
from samverka.platform.app import create_app
create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1]})
import samverka.platform.cli, samverka.jobs.worker, samverka.jobs.schedule
print(sorted(name for name in sys.modules if name.startswith("samverka.devtools")))
"""


def _environment(instance: Path, **extra: str) -> dict[str, str]:
    """A child's environment with its own instance folder; secrets good enough for production's own checks."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL")}
    env.update(
        SAMVERKA_INSTANCE=str(instance),
        DATABASE_URL=f"sqlite:///{instance / 'samverka.db'}",
        SECRET_KEY="s" * 40,
        IDENTITY_HASH_KEY="i" * 40,
        OIDC_CLIENT_SECRET="a-production-client-secret",
        **extra,
    )
    return env


def _production_invocations(port: int) -> dict[str, list[str]]:
    """Every way to start a developer tool: each ``samverka-dev`` command and the ``python -m`` entry points."""
    dev = str(VENV_BIN / "samverka-dev")
    return {
        "demo-data": [dev, "demo-data"],
        "eid": [dev, "eid", "--port", str(port)],
        "mail-catcher": [dev, "mail-catcher", "--port", str(port)],
        "screenshots": [dev, "screenshots", "--out", str(port)],
        "end-standstill": [dev, "end-standstill", "1"],
        "python -m eid_provider": [
            sys.executable,
            "-m",
            "samverka.devtools.eid_provider",
            "--port",
            str(port),
            "--client-id",
            "app",
            "--client-secret",
            "s",
            "--redirect-uri",
            "http://a.test/cb",
        ],
        "python -m mail_catcher": [sys.executable, "-m", "samverka.devtools.mail_catcher", "--port", str(port)],
    }


def test_the_production_app_cli_and_jobs_load_no_developer_tool(tmp_path):
    env = _environment(tmp_path / "instance")
    database = env["DATABASE_URL"]

    result = subprocess.run(
        [sys.executable, "-I", "-c", IMPORT_PROBE, database],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_production_command_has_no_developer_commands():
    assert set(production_cli.main.commands).isdisjoint({"demo-data", "eid-dev", "eid", "mail-catcher"})
    assert set(dev_cli.main.commands) == set(DEV_COMMANDS)


@pytest.mark.parametrize("name", [*DEV_COMMANDS, "python -m eid_provider", "python -m mail_catcher"])
def test_production_cannot_start_a_developer_tool(tmp_path, name):
    instance = tmp_path / "instance"
    command = _production_invocations(free_port())[name]

    result = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=_environment(instance, SAMVERKA_ENV="production"),
        capture_output=True,
        text=True,
        timeout=60,  # a tool that did start would serve forever and fail here
    )

    assert result.returncode == 1
    assert REFUSAL in result.stderr
    assert result.stdout == ""
    assert not instance.exists()  # no database, no mail log: nothing was started


@pytest.mark.parametrize("name", DEV_COMMANDS)
def test_every_dev_command_refuses_production_in_process(monkeypatch, name):
    started = []
    # Stand-ins for what the commands start: a missing refusal then fails here instead of serving forever.
    for target in (dev_cli, mail_catcher):
        for attribute in ("create_app", "load_demo_data", "run_dev_provider", "run"):
            if hasattr(target, attribute):
                monkeypatch.setattr(target, attribute, lambda *args, _name=attribute: started.append(_name))
    monkeypatch.setenv("SAMVERKA_ENV", "production")

    result = CliRunner().invoke(dev_cli.main, [name])

    assert result.exit_code == 1
    assert REFUSAL in result.output
    assert started == []


def test_samverka_dev_mail_catcher_listens_in_development(tmp_path):
    port = free_port()
    log = tmp_path / "mail.log"
    command = [str(VENV_BIN / "samverka-dev"), "mail-catcher", "--port", str(port), "--log", str(log)]
    catcher = ServiceProcess(command, _environment(tmp_path), tmp_path / "catcher.out")
    try:
        catcher.wait_for(f"listening on 127.0.0.1:{port}, copying mail to {log}")
    finally:
        catcher.stop()


def test_samverka_dev_eid_serves_discovery_in_development(tmp_path):
    port = free_port()
    command = [str(VENV_BIN / "samverka-dev"), "eid", "--port", str(port)]
    provider = ServiceProcess(command, _environment(tmp_path), tmp_path / "eid.out")
    url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    try:
        discovery = wait_until(lambda: _json_or_none(url), what="the provider's discovery document")
    finally:
        provider.stop()
    assert discovery["issuer"] == f"http://127.0.0.1:{port}"


def _json_or_none(url: str) -> dict | None:
    """The JSON at ``url``, or None while the server is not yet listening."""
    try:
        return requests.get(url, timeout=2).json()
    except requests.ConnectionError:
        return None


def _is_devtools(name: str) -> bool:
    """The package itself or anything inside it, matched on whole dotted segments."""
    return name == DEVTOOLS or name.startswith(DEVTOOLS + ".")


def _devtools_imports(tree: ast.AST) -> list[str]:
    """Every import of samverka.devtools, and every dotted path to it in a string (importlib, RQ)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_devtools(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found += [
                f"{node.module}.{alias.name}" for alias in node.names if _is_devtools(f"{node.module}.{alias.name}")
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _is_devtools(node.value.split(":")[0]):
            found.append(node.value)
    return found


def test_no_production_source_imports_the_developer_tools():
    sources = [path for part in PRODUCTION_PARTS for path in sorted((REPO_ROOT / part).rglob("*.py"))]
    offenders = {
        str(path.relative_to(REPO_ROOT)): imports
        for path in sources
        if (imports := _devtools_imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    }

    assert len(sources) > 100  # the walk really covered the production code
    assert offenders == {}
