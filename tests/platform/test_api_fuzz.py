"""schemathesis over the whole OpenAPI document, as an IT coordinator and as a region's coordinator, on
PostgreSQL: every operation (one test per operation, read from the document, so one added later is
covered too) answers without a server error and as documented: all of schemathesis' checks (status
codes, content types, headers, response schemas, refusal of invalid data, acceptance of valid data).

The run is bounded (``MAX_EXAMPLES`` per operation, reproducible with ``derandomize``) so it stays a few
minutes on a small CI machine.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from samverka.platform.app import create_app
from tests.support.api import signed_in

MAX_EXAMPLES = 10


def _document() -> dict:
    """The OpenAPI document as the app writes it: writing it needs no database."""
    writer = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    return writer.test_client().get("/api/v1/openapi.json").get_json()


# Valid by the document's types yet refused by a rule no schema can state (a check digit, a cursor that
# has expired, a row of another region) is a 422 with field messages: an expected answer.
CONFIG = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": [200, 201, 202, 204, 401, 403, 404, 409, 422]}}}
)
api_schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)
bounded = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _caller(app, client, person) -> dict:
    """How a signed-in person calls: the session cookie, and the CSRF header the API asks of writes."""
    api = signed_in(client, person)
    cookie = client.get_cookie(app.session_interface.get_cookie_name(app))
    return {"app": app, "cookies": {cookie.key: cookie.value}, "headers": api.headers}


@pytest.fixture
def it_coordinator(app, client, tenant_a) -> dict:
    return _caller(app, client, tenant_a.people["it"])


@pytest.fixture
def region_coordinator(app, client, tenant_a) -> dict:
    return _caller(app, client, tenant_a.people["coordinator"])


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
