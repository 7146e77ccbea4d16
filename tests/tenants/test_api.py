"""The tenancy JSON API under /api/v1, signed in over the real e-ID provider on PostgreSQL.

Region A (Kongsbergregionen: Kongsberg, Flesberg, partner K-IKT) and region B
(Vest-Telemark: Tokke, partner VTIT) come from ``tests/support/world.py``.
"""

from __future__ import annotations

import pytest

from samverka.tenants.models import Invitation, PartnerOrganisation, Region, RoleAssignment, Tenant
from tests.support.api import (
    anonymous_csrf_token,
    assert_error_shape,
    count_rows,
    field_errors,
    signed_in,
)
from tests.support.login import HIGH_LEVEL

# Anything of region A that must never show up in an answer to region B's people.
A_TRACES = ("kongsberg", "flesberg", "k-ikt", "kongsb", "942402465", "964962766")


def assert_no_trace_of_a(response) -> None:
    text = response.get_data(as_text=True).lower()
    assert not [trace for trace in A_TRACES if trace in text], text


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["name"] for row in response.get_json()]


def every_endpoint(world) -> list[tuple[str, str]]:
    region, tenant = world.region_id, world.tenant_id
    return [
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/csrf-token"),
        ("GET", "/api/v1/regions"),
        ("POST", "/api/v1/regions"),
        ("GET", f"/api/v1/regions/{region}"),
        ("GET", f"/api/v1/regions/{region}/tenants"),
        ("GET", f"/api/v1/regions/{region}/partners"),
        ("POST", f"/api/v1/regions/{region}/partners"),
        ("GET", "/api/v1/tenants"),
        ("POST", "/api/v1/tenants"),
        ("GET", f"/api/v1/tenants/{tenant}"),
        ("GET", f"/api/v1/tenants/{tenant}/users"),
        ("POST", f"/api/v1/tenants/{tenant}/roles"),
        ("DELETE", f"/api/v1/tenants/{tenant}/roles"),
        ("GET", "/api/v1/invitations"),
        ("POST", "/api/v1/invitations"),
    ]


def test_every_endpoint_refuses_the_anonymous_with_401(app, client, tenant_a):
    # A valid CSRF token, so that writes are refused for lack of a session and not of the token.
    headers = {"X-CSRFToken": anonymous_csrf_token(app, client)}
    for method, path in every_endpoint(tenant_a):
        response = client.open(path, method=method, json={}, headers=headers)
        assert_error_shape(response, 401)
        assert_no_trace_of_a(response)


def test_me_names_the_person_and_their_roles_with_scopes(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    me = api.get("/api/v1/me").get_json()
    assert me["id"] == tenant_a.people["coordinator"].user_id
    assert me["name"] == "Kongsb Coordinator"
    assert me["roles"] == [
        {
            "role": "coordinator",
            "scope": "region",
            "region_id": tenant_a.region_id,
            "tenant_id": None,
            "partner_id": None,
        }
    ]


@pytest.mark.parametrize("role", ["coordinator", "it", "chief", "partner"])
def test_nothing_of_region_a_reaches_region_b(client, tenant_a, tenant_b, role):
    api = signed_in(client, tenant_b.people[role])
    paths = [
        f"/api/v1/regions/{tenant_a.region_id}",
        f"/api/v1/regions/{tenant_a.region_id}/tenants",
        f"/api/v1/regions/{tenant_a.region_id}/partners",
        f"/api/v1/tenants/{tenant_a.tenant_id}",
        f"/api/v1/tenants/{tenant_a.other_tenant_id}",
        f"/api/v1/tenants/{tenant_a.tenant_id}/users",
    ]
    for path in paths:
        response = api.get(path)
        assert_error_shape(response, 404)
        assert_no_trace_of_a(response)
    for path in ("/api/v1/me", "/api/v1/regions", "/api/v1/tenants", "/api/v1/invitations"):
        assert_no_trace_of_a(api.get(path))


def test_lists_show_only_the_principals_own_scope(client, tenant_a, tenant_b):
    api = signed_in(client, tenant_b.people["coordinator"])
    assert names(api.get("/api/v1/regions")) == ["Vest-Telemark"]
    assert names(api.get("/api/v1/tenants")) == ["Tokke"]
    assert names(api.get(f"/api/v1/regions/{tenant_b.region_id}/tenants")) == ["Tokke"]
    assert names(api.get(f"/api/v1/regions/{tenant_b.region_id}/partners")) == ["VTIT"]


def test_a_municipality_lists_only_itself(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    assert names(api.get("/api/v1/tenants")) == ["Kongsberg"]
    assert names(api.get("/api/v1/regions")) == ["Kongsbergregionen"]
    users = api.get(f"/api/v1/tenants/{tenant_a.tenant_id}/users").get_json()
    assert {(u["name"], tuple(u["roles"])) for u in users} == {
        ("Kongsb It", ("it_coordinator",)),
        ("Kongsb Chief", ("chief_executive",)),
    }
    assert_error_shape(api.get(f"/api/v1/tenants/{tenant_a.other_tenant_id}"), 404)


def test_region_b_cannot_write_into_region_a(app, client, tenant_a, tenant_b):
    api = signed_in(client, tenant_b.people["coordinator"])
    it_person = tenant_a.people["it"].user_id
    before = {m: count_rows(app, m) for m in (PartnerOrganisation, RoleAssignment)}
    attempts = [
        api.post(f"/api/v1/regions/{tenant_a.region_id}/partners", {"name": "Smuggled", "kind": "other"}),
        api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/roles", {"user_id": it_person, "role": "chief_executive"}),
        api.delete(f"/api/v1/tenants/{tenant_a.tenant_id}/roles", {"user_id": it_person, "role": "it_coordinator"}),
    ]
    for response in attempts:
        assert_error_shape(response, 404)
        assert_no_trace_of_a(response)
    assert {m: count_rows(app, m) for m in before} == before


def test_only_operators_create_regions_and_tenants(app, client, tenant_a, tenant_b):
    api = signed_in(client, tenant_b.people["coordinator"])
    before = (count_rows(app, Region), count_rows(app, Tenant))
    region = api.post("/api/v1/regions", {"name": "Numedal", "currency": "NOK"})
    tenant = api.post("/api/v1/tenants", {**ROLLAG, "region_ids": [tenant_a.region_id]})
    for response in (region, tenant):
        assert_error_shape(response, 403)
        assert_no_trace_of_a(response)
    assert (count_rows(app, Region), count_rows(app, Tenant)) == before


@pytest.mark.parametrize(
    "role,scope",
    [
        ("purchaser", "region_id"),
        ("it_coordinator", "tenant_id"),
        ("partner_reader", "partner_id"),
    ],
)
def test_a_coordinator_cannot_invite_outside_their_region(app, client, tenant_a, tenant_b, role, scope):
    api = signed_in(client, tenant_a.people["coordinator"])
    before = count_rows(app, Invitation)
    response = api.post(
        "/api/v1/invitations",
        {"email": "ola@example.test", "name": "Ola Nordmann", "role": role, "scope_id": getattr(tenant_b, scope)},
    )
    assert_error_shape(response, 404)
    assert "tokke" not in response.get_data(as_text=True).lower()
    assert count_rows(app, Invitation) == before


def test_a_coordinator_invites_into_a_member_municipality(client, tenant_a, tenant_b):
    api = signed_in(client, tenant_a.people["coordinator"])
    response = api.post(
        "/api/v1/invitations",
        {
            "email": "kari@example.test",
            "name": "Kari Nordmann",
            "role": "it_coordinator",
            "scope_id": tenant_a.other_tenant_id,
        },
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["tenant_id"] == tenant_a.other_tenant_id
    assert [i["email"] for i in api.get("/api/v1/invitations").get_json()] == ["kari@example.test"]
    region_b = signed_in(client, tenant_b.people["coordinator"])
    assert region_b.get("/api/v1/invitations").get_json() == []


def test_a_coordinator_grants_and_revokes_a_tenant_role(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    change = {"user_id": tenant_a.people["it"].user_id, "role": "chief_executive"}
    roles_path = f"/api/v1/tenants/{tenant_a.tenant_id}/roles"
    users_path = f"/api/v1/tenants/{tenant_a.tenant_id}/users"
    assert api.post(roles_path, change).get_json() == change
    assert sorted(_roles_of(api.get(users_path), "Kongsb It")) == ["chief_executive", "it_coordinator"]
    assert api.delete(roles_path, change).status_code == 204
    assert _roles_of(api.get(users_path), "Kongsb It") == ["it_coordinator"]


def _roles_of(response, name: str) -> list[str]:
    return next(u["roles"] for u in response.get_json() if u["name"] == name)


def test_a_coordinator_adds_a_partner_to_their_region(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    path = f"/api/v1/regions/{tenant_a.region_id}/partners"
    response = api.post(
        path, {"name": "Arkiv Buskerud", "kind": "archive_network", "organisation_number": "974 600 951"}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["organisation_number"] == "974600951"
    assert names(api.get(path)) == ["Arkiv Buskerud", "K-IKT"]


def test_a_partner_reader_may_read_but_not_add_partners(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["partner"])
    path = f"/api/v1/regions/{tenant_a.region_id}/partners"
    assert names(api.get(path)) == ["K-IKT"]
    before = count_rows(app, PartnerOrganisation)
    assert_error_shape(api.post(path, {"name": "Arkiv Buskerud", "kind": "archive_network"}), 403)
    assert count_rows(app, PartnerOrganisation) == before


ROLLAG = {
    "name": "Rollag",
    "country": "NO",
    "municipality_number": "3328",
    "organisation_number": "964963193",
    "population": 1400,
}


def test_an_operator_onboards_a_region_and_a_municipality(client, tenant_a, operator):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    region = api.post("/api/v1/regions", {"name": "Numedal", "currency": "NOK"})
    assert region.status_code == 201, region.get_data(as_text=True)
    tenant = api.post("/api/v1/tenants", {**ROLLAG, "region_ids": [region.get_json()["id"]]})
    assert tenant.status_code == 201, tenant.get_data(as_text=True)
    shown = api.get(f"/api/v1/tenants/{tenant.get_json()['id']}").get_json()
    assert {k: shown[k] for k in ROLLAG} == ROLLAG


BAD_INPUT = [
    ("/api/v1/tenants", {**ROLLAG, "organisation_number": "123456789"}, "organisation_number"),
    ("/api/v1/tenants", {**ROLLAG, "name": "R" * 5000}, "name"),
    ("/api/v1/tenants", {**ROLLAG, "mayor": "Someone"}, "mayor"),
    ("/api/v1/regions", {"name": "Numedal", "currency": "EUR"}, "currency"),
    ("/api/v1/invitations", {"email": "a@example.test", "name": "Ann", "role": "overlord", "scope_id": 1}, "role"),
    ("/api/v1/invitations", {"email": "a@example.test", "name": "Ann", "role": "operator", "scope_id": 1}, "role"),
    ("/api/v1/invitations", {"email": "not-an-address", "name": "Ann", "role": "purchaser", "scope_id": 1}, "email"),
]


@pytest.mark.parametrize("path,body,field", BAD_INPUT)
def test_bad_input_is_422_with_field_messages_and_writes_nothing(app, client, operator, path, body, field):
    api = signed_in(client, operator, acr=HIGH_LEVEL)
    before = [count_rows(app, m) for m in (Region, Tenant, Invitation)]
    errors = field_errors(api.post(path, body))
    assert list(errors) == [field] and errors[field]
    assert [count_rows(app, m) for m in (Region, Tenant, Invitation)] == before


def test_bad_role_changes_are_422(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    before = count_rows(app, RoleAssignment)
    path = f"/api/v1/tenants/{tenant_a.tenant_id}/roles"
    assert "role" in field_errors(api.post(path, {"user_id": tenant_a.people["it"].user_id, "role": "operator"}))
    assert "user_id" in field_errors(api.delete(path, {"user_id": "everyone", "role": "it_coordinator"}))
    assert count_rows(app, RoleAssignment) == before


def test_malformed_json_is_422(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    before = count_rows(app, PartnerOrganisation)
    response = api.client.post(
        f"/api/v1/regions/{tenant_a.region_id}/partners",
        data='{"name": "K-',
        content_type="application/json",
        headers=api.headers,
    )
    assert field_errors(response)["_schema"]
    assert count_rows(app, PartnerOrganisation) == before


def test_writes_without_the_csrf_header_are_refused(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    before = (count_rows(app, Invitation), count_rows(app, RoleAssignment))
    invite = client.post(
        "/api/v1/invitations",
        json={
            "email": "kari@example.test",
            "name": "Kari Nordmann",
            "role": "it_coordinator",
            "scope_id": tenant_a.tenant_id,
        },
    )
    revoke = client.delete(
        f"/api/v1/tenants/{tenant_a.tenant_id}/roles",
        json={"user_id": tenant_a.people["it"].user_id, "role": "it_coordinator"},
    )
    forged = client.post("/api/v1/invitations", json={}, headers={"X-CSRFToken": api.headers["X-CSRFToken"] + "x"})
    for response in (invite, revoke, forged):
        assert_error_shape(response, 400)
    assert (count_rows(app, Invitation), count_rows(app, RoleAssignment)) == before
