"""Each request's id (from nginx's X-Request-ID when well-formed, else made here) in its response and log lines."""

from __future__ import annotations

import json
import logging
import re
import uuid

import pytest
from sqlalchemy import select

from samverka.platform.core import logs
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import User
from tests.platform.needs.support import NEED
from tests.support.api import signed_in
from tests.support.login import sign_in_with_eid
from tests.support.logs import json_log

GENERATED = re.compile(r"[0-9a-f]{32}")
INVITATION = {"email": "nora.nyansatt@example.test", "name": "Nora Nyansatt", "role": "it_coordinator"}
NGINX_ID = "5f0c6a3e9b1d4e27a8c3f6d2b7e90a14"  # what nginx's $request_id looks like


def test_a_request_gets_an_id_in_its_response_and_in_its_json_access_line(client):
    with json_log() as log:
        response = client.get("/healthz")

    request_id = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(request_id)
    [line] = log.of("samverka.access")
    assert line["request_id"] == request_id
    assert (line["level"], line["method"], line["route"], line["endpoint"]) == (
        "INFO",
        "GET",
        "/healthz",
        "health.healthz",
    )
    assert (line["status"], line["signed_in"]) == (200, False)
    assert 0 < line["duration_ms"] < 30_000
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


@pytest.mark.parametrize("sent", [NGINX_ID, str(uuid.uuid4())])
def test_the_proxys_well_formed_request_id_is_kept(client, sent):
    with json_log() as log:
        response = client.get("/healthz", headers={"X-Request-ID": sent})

    assert response.headers["X-Request-ID"] == sent
    assert [line["request_id"] for line in log.of("samverka.access")] == [sent]


@pytest.mark.parametrize(
    "hostile",
    [
        'abcdefgh"}\n{"level": "ERROR", "message": "forged',
        "abcdefgh\r\nX-Injected: 1",
        "a" * 10_240,
        'quoted"id"with"quotes',
        "short",
        "../../etc/passwd-0123",
        "ümlaut-request-id-0123",
    ],
)
def test_a_hostile_request_id_is_replaced_and_never_logged(client, hostile):
    with json_log() as log:  # past the test client's own header check, as a lax server would pass it on
        response = client.get("/healthz", environ_overrides={"HTTP_X_REQUEST_ID": hostile})

    replaced = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(replaced)
    assert [line["request_id"] for line in log.of("samverka.access")] == [replaced]
    assert hostile not in log.text()
    assert "forged" not in log.text() and "X-Injected" not in log.text()


def test_the_route_is_the_url_rule_never_the_path(client):
    with json_log() as log:
        client.get("/api/v1/needs/987654321")
        client.get("/no/such/page-4242?code=one-time-secret")

    routes = [line["route"] for line in log.of("samverka.access")]
    assert routes == ["/api/v1/needs/<int:need_id>", "<unmatched>"]
    assert "987654321" not in log.text() and "4242" not in log.text() and "one-time-secret" not in log.text()


def test_a_job_the_request_runs_logs_with_the_requests_id(client, tenant_a, smtp_server):
    api = signed_in(client, tenant_a.people["coordinator"])
    invitation = {**INVITATION, "scope_id": tenant_a.tenant_id}
    with json_log() as log:
        created = client.post("/api/v1/invitations", json=invitation, headers={**api.headers, "X-Request-ID": NGINX_ID})

    assert created.status_code == 201, created.get_data(as_text=True)
    emailed = f"invitation {created.get_json()['id']} emailed"
    [line] = [line for line in log.lines() if line["message"] == emailed]
    assert (line["request_id"], line["job"]) == (NGINX_ID, "samverka.tenants.tasks.send_invitation_email")
    assert INVITATION["email"] not in log.app_text() and INVITATION["name"] not in log.app_text()


def test_outside_a_request_the_request_id_is_a_dash_and_extra_fields_are_kept():
    handler = logs.handler("json")
    record = logging.makeLogRecord({"name": "samverka.test", "levelname": "INFO", "msg": "no request", "token_id": 7})
    handler.filter(record)

    line = json.loads(handler.format(record))

    assert (line["message"], line["request_id"], line["token_id"]) == ("no request", "-", 7)
    assert "job" not in line


def test_signing_in_and_registering_a_need_logs_no_personal_data(app, client, tenant_a):
    person = tenant_a.people["it"]
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the person's name and e-mail"))
        user = db.session.scalars(select(User).where(User.id == person.user_id)).one()
        name, email = user.name, user.email

    with json_log() as log:
        callback = sign_in_with_eid(client, person)
        api = signed_in(client, person)
        created = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED)

    assert callback.status_code in (302, 303) and created.status_code == 201, created.get_data(as_text=True)
    lines = log.lines()
    routes = {line.get("route") for line in lines}
    assert {"/auth/callback", "/api/v1/tenants/<int:tenant_id>/needs"} <= routes
    assert all(line["request_id"] != "-" for line in log.of("samverka.access"))
    written = log.app_text()
    for personal in (name, email, person.pid, NEED["title"]):
        assert personal not in written, f"{personal!r} was logged"
    assert "code=" not in written and "state=" not in written
