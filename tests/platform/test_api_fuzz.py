"""schemathesis over the whole OpenAPI document, as an IT coordinator and as a region's coordinator, on
PostgreSQL: every operation (one test per operation, read from the document, so one added later is
covered too) answers without a server error and as documented: all of schemathesis' checks (status
codes, content types, headers, response schemas, refusal of invalid data, acceptance of valid data).

Each operation gets schemathesis' coverage cases (every boundary and wrong type the document implies,
and the methods it does not list) and ``MAX_EXAMPLES`` random ones, valid and invalid alike; with
``derandomize`` a run is reproducible. Both roles share one world, built once, so the operations find
what earlier ones created. Bounded so: about 8,500 cases over 73 operations, under two minutes on a
two-CPU machine.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from samverka.platform.app import create_app
from tests.support.api import signed_in
from tests.support.database import emptied_for_commits
from tests.support.world import build_world

MAX_EXAMPLES = 5


def _document() -> dict:
    """The OpenAPI document as the app writes it: writing it needs no database."""
    writer = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    return writer.test_client().get("/api/v1/openapi.json").get_json()


# Valid by the document's types yet refused by a rule no schema can state (a check digit, a cursor that
# has expired, a row of another region) is a 422 with field messages: an expected answer.
# The document declares how a caller signs in (the session cookie; a partner's bearer token where it reads):
# schemathesis' ``ignored_auth`` would take that cookie away and expect a refusal, but the harness hands the
# cookie in with every call, probes included, so that check would only see its own call signed in. Signing
# in is proven elsewhere (the isolation walk, tests/platform/auth/test_bearer.py).
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": [200, 201, 202, 204, 401, 403, 404, 409, 422]},
            "ignored_auth": {"enabled": False},
        }
    }
)
api_schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)
bounded = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _caller(app, person) -> tuple:
    """A client signed in as ``person``, and how schemathesis calls as them: the session cookie, and
    the CSRF header the API asks of writes."""
    client = app.test_client()
    api = signed_in(client, person)
    cookie = client.get_cookie(app.session_interface.get_cookie_name(app))
    return client, {"app": app, "cookies": {cookie.key: cookie.value}, "headers": api.headers}


def _who(client) -> tuple:
    answer = client.get("/api/v1/me")
    return answer.status_code, answer.get_json()


def _unchanged(caller):
    """The caller's way of calling; after the operation, a check that they are still signed in with the
    same roles: an operation that took them away would leave the next ones testing only refusals."""
    client, call = caller
    before = _who(client)
    yield call
    assert _who(client) == before


@pytest.fixture(autouse=True)
def database():
    """Not rolled back after each operation, unlike the rest of the suite: the run shares one world, so
    what one operation creates (a need, a procurement, a plan) is there for the next to read and
    change, and their cases get past the 404 of an id that names nothing."""
    yield None


@pytest.fixture(scope="module")
def callers(app, databases) -> dict:
    emptied_for_commits(app, databases)
    tenant_a, _tenant_b, _operator = build_world(app)
    return {role: _caller(app, tenant_a.people[role]) for role in ("it", "coordinator")}


@pytest.fixture
def it_coordinator(callers):
    yield from _unchanged(callers["it"])


@pytest.fixture
def region_coordinator(callers):
    yield from _unchanged(callers["coordinator"])


@pytest.mark.postgres
@api_schema.parametrize()
@bounded
def test_every_operation_as_an_it_coordinator(case, it_coordinator):
    case.call_and_validate(**it_coordinator)


@pytest.mark.postgres
@api_schema.parametrize()
@bounded
def test_every_operation_as_a_region_coordinator(case, region_coordinator):
    case.call_and_validate(**region_coordinator)
