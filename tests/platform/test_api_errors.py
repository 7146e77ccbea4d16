"""Every error under /api/ has the one shape ``{"code", "status", "message", "errors"}``.

flask-smorest's own handler would leave out ``message``; requiring it proves that
``platform/core/errors.py`` renders each of these answers.
"""

from __future__ import annotations

from samverka.tenants.models import Invitation, Region
from samverka.tenants.services import directory
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.login import HIGH_LEVEL


def test_anonymous_is_401(client):
    assert_error_shape(client.get("/api/v1/me"), 401)


def test_a_role_that_does_not_allow_it_is_403(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    assert_error_shape(api.get(f"/api/v1/regions/{tenant_a.region_id}/tenants"), 403)


def test_unknown_paths_and_objects_are_404(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    assert_error_shape(api.get("/api/v1/no-such-thing"), 404)
    assert_error_shape(api.get("/api/v1/regions/999999"), 404)


def test_a_wrong_method_is_405(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    assert_error_shape(api.delete("/api/v1/me"), 405)


def test_an_oversized_body_is_413(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    body = '{"name": "' + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1) + '"}'
    response = api.client.post("/api/v1/invitations", data=body, content_type="application/json", headers=api.headers)
    assert_error_shape(response, 413)
    assert count_rows(app, Invitation) == 0


def test_bad_input_is_422_with_messages_per_field_under_json(client, operator):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    errors = field_errors(api.post("/api/v1/regions", {"name": "N", "currency": "EUR", "colour": "red"}))
    assert set(errors) == {"name", "currency", "colour"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_a_missing_csrf_header_is_400(app, client, operator):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    before = count_rows(app, Region)
    assert_error_shape(api.client.post("/api/v1/regions", json={"name": "Numedal", "currency": "NOK"}), 400)
    assert count_rows(app, Region) == before


def test_an_unexpected_failure_is_500_without_details(client, tenant_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(directory, "list_regions", broken)
    api = signed_in(client, tenant_a.people["coordinator"])
    response = api.get("/api/v1/regions")
    assert_error_shape(response, 500)
    assert "secret internal detail" not in response.get_data(as_text=True)
