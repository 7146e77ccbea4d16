"""``make demo`` runs on SQLite, not on the suite's PostgreSQL: the demo data loads into an embedded database and
each persona's pages answer there. (SQL only PostgreSQL knows, such as ``array_agg`` or ``json_build_array``, once
broke both while every test on PostgreSQL passed.)"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from samverka.devtools.cli import main as dev_main
from samverka.devtools.demo import PERSONAS
from samverka.platform.app import create_app
from samverka.platform.cli import main
from tests.support.embedded import embedded_settings
from tests.support.login import sign_in

ROLES = ("coordinator", "purchaser", "it_coordinator", "chief_executive", "partner_reader", "operator")
LINKS = re.compile(r'href="(/(?:tenants|regions|action-plans|procurements|partners|invitations)/[^"#?]*)"')


@pytest.fixture
def demo(tmp_path, monkeypatch, smtp_server):
    env = embedded_settings(tmp_path) | {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(dev_main, ["demo-data"])
    assert loaded.exit_code == 0, loaded.output
    app = create_app()
    app.config["JOBS_MODE"] = "inline"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:")
    return app


def test_every_personas_pages_answer_on_sqlite(demo):
    seen = {}
    for persona in (p for p in PERSONAS if p.role in ROLES):
        client = demo.test_client()
        sign_in(client, persona)
        home = client.get("/")
        assert home.status_code == 200, persona.name
        paths = sorted(set(LINKS.findall(home.get_data(as_text=True))))
        for path in [*paths, "/api/v1/me/attention"]:
            assert client.get(path).status_code < 500, (persona.name, path)
        seen[persona.role] = client.get("/api/v1/me/attention").get_json()
    assert seen["coordinator"]["items"]  # the list of what needs attention, read back from SQLite's JSON


def test_an_action_plans_items_read_their_participants_on_sqlite(demo):
    coordinator = next(p for p in PERSONAS if p.role == "coordinator")
    client = demo.test_client()
    sign_in(client, coordinator)
    plans = sorted(set(re.findall(r'href="/action-plans/(\d+)"', client.get("/regions/1/action-plans").get_data(True))))
    assert plans
    items = client.get(f"/api/v1/action-plans/{plans[0]}").get_json()["items"]
    assert items and any(item["shares"] for item in items)
