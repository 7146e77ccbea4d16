"""The tenancy pages over HTTP, signed in with the real e-ID provider and with CSRF protection on.

Sign-in is required everywhere; another region's or tenant's object is a 404 that
shows none of its data; bad input re-shows the form with a 422 and writes nothing.
"""

from __future__ import annotations

import re

import pytest

from samverka.tenants.models import Invitation, PartnerOrganisation, Region, RoleAssignment, Tenant
from tests.platform.ui.pages import body, submit
from tests.support.api import anonymous_csrf_token, count_rows
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, sign_in, sign_in_with_eid

A_NAMES = ("Kongsberg", "Flesberg", "K-IKT", "Kongsb ")
PAGES = ("/regions/{region}", "/tenants/{tenant}", "/invitations", "/operator/regions", "/operator/tenants")
WRITES = (
    ("/operator/regions", Region),
    ("/operator/tenants", Tenant),
    ("/operator/regions/{region}/coordinators", Invitation),
    ("/regions/{region}/partners", PartnerOrganisation),
    ("/regions/{region}/invitations", Invitation),
    ("/tenants/{tenant}/roles", RoleAssignment),
    ("/tenants/{tenant}/roles/revoke", RoleAssignment),
)


def _path(template: str, world) -> str:
    return template.format(region=world.region_id, tenant=world.tenant_id)


def _valid_data(path: str, world) -> dict:
    """A form that would succeed for someone allowed to send it."""
    it_user = world.people["it"].user_id
    if path.endswith("/partners"):
        return {"name": "Arkivnettverket", "kind": "archive_network", "organisation_number": ""}
    if path.endswith("/invitations"):
        return {"name": "Nina Ny", "email": "nina@example.test", "appointment": f"it_coordinator:{world.tenant_id}"}
    if path.endswith("/coordinators"):
        return {"name": "Nina Ny", "email": "nina@example.test"}
    if path.endswith("/roles"):
        return {"user_id": it_user, "role": "chief_executive"}
    if path.endswith("/revoke"):
        return {"user_id": it_user, "role": "it_coordinator"}
    if path.endswith("/tenants"):
        return {
            "name": "Notodden",
            "country": "NO",
            "municipality_number": "3808",
            "organisation_number": "964 963 584",
            "population": "13000",
            "region_ids": [world.region_id],
        }
    return {"name": "Hallingdal", "currency": "NOK"}


def _assert_hides(response, names=A_NAMES):
    text = body(response)
    assert not [name for name in names if name in text], text


# --- Sign-in required ----------------------------------------------------------------------------


@pytest.mark.parametrize("template", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, tenant_a, template):
    response = client.get(_path(template, tenant_a))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("template", "model"), WRITES)
def test_anonymous_write_is_sent_to_sign_in_and_writes_nothing(app, client, tenant_a, template, model):
    before = count_rows(app, model)
    token = anonymous_csrf_token(app, client)
    response = client.post(_path(template, tenant_a), data={**_valid_data(template, tenant_a), "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count_rows(app, model) == before


# --- What each role sees -------------------------------------------------------------------------


def test_operator_sees_every_region_and_municipality(client, tenant_a, operator):
    sign_in(client, operator)
    regions = body(client.get("/operator/regions"))
    assert "Kongsbergregionen" in regions and "Vest-Telemark" in regions
    tenants = body(client.get("/operator/tenants"))
    assert all(name in tenants for name in ("Kongsberg", "Flesberg", "Tokke"))
    assert 'name="region_ids"' in tenants


def test_coordinator_sees_members_partners_and_invitation_form(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = body(client.get(f"/regions/{tenant_a.region_id}"))
    assert "Flesberg" in page and "K-IKT" in page
    assert f'value="it_coordinator:{tenant_a.tenant_id}"' in page
    assert f'value="partner_reader:{tenant_a.partner_id}"' in page
    assert "/coordinators" not in page  # inviting coordinators is the operator's


def test_tenant_user_sees_region_name_and_partners_but_not_other_members(client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    response = client.get(f"/regions/{tenant_a.region_id}")
    assert response.status_code == 200
    assert "Kongsbergregionen" in body(response) and "K-IKT" in body(response)
    assert "Flesberg" not in body(response) and "/invitations" not in body(response).split("</header>")[1]


def test_operator_sees_region_members_and_invites_only_coordinators(client, tenant_a, operator):
    sign_in(client, operator)
    page = body(client.get(f"/regions/{tenant_a.region_id}"))
    assert "Flesberg" in page and "K-IKT" in page
    assert f"/operator/regions/{tenant_a.region_id}/coordinators" in page
    assert 'name="appointment"' not in page


def test_coordinator_sees_tenant_users_with_role_forms(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}"))
    assert "Kongsb It" in page and "Kongsb Chief" in page
    assert f"/tenants/{tenant_a.tenant_id}/roles/revoke" in page and 'name="user_id"' in page


def test_tenant_user_sees_colleagues_but_cannot_change_roles(client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    page = body(client.get(f"/tenants/{tenant_a.tenant_id}"))
    assert "Kongsb Chief" in page
    assert "/roles" not in page


def test_invitation_from_someone_who_may_not_invite_is_refused(app, client, tenant_a):
    sign_in(client, tenant_a.people["partner"])
    page = f"/regions/{tenant_a.region_id}"
    response = submit(client, page, f"{page}/invitations", _valid_data("/invitations", tenant_a))
    assert response.status_code == 403
    assert count_rows(app, Invitation) == 0


def test_operator_pages_are_refused_to_other_roles(client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    assert client.get("/operator/regions").status_code == 403
    assert client.get("/operator/tenants").status_code == 403


def test_operator_writes_are_refused_to_other_roles_without_a_step_up(app, client, tenant_a):
    sign_in_with_eid(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    for action, template in ((f"/operator{page}/coordinators", "/coordinators"), ("/operator/regions", "/regions")):
        response = submit(client, page, action, _valid_data(template, tenant_a))
        assert response.status_code == 403, action
    assert count_rows(app, Invitation) == 0 and count_rows(app, Region) == 2


# --- Changes, with post/redirect/get -------------------------------------------------------------


def test_operator_creates_region_after_step_up(app, client, operator, tenant_a):
    sign_in_with_eid(client, operator, acr=HIGH_LEVEL)
    response = submit(client, "/operator/regions", "/operator/regions", {"name": "Hallingdal", "currency": "NOK"})
    assert response.status_code == 302 and response.headers["Location"] == "/operator/regions"
    assert count_rows(app, Region) == 3
    assert "Hallingdal" in body(client.get("/operator/regions"))


def test_operator_write_without_high_assurance_asks_for_step_up(app, client, operator, tenant_a):
    sign_in_with_eid(client, operator)
    response = submit(client, "/operator/regions", "/operator/regions", {"name": "Hallingdal", "currency": "NOK"})
    assert response.status_code == 302 and "acr=idporten-loa-high" in response.headers["Location"]
    assert count_rows(app, Region) == 2


def test_operator_creates_tenant_in_a_region(app, client, operator, tenant_a):
    sign_in(client, operator, acr=HIGH_LEVEL)
    data = _valid_data("/operator/tenants", tenant_a)
    response = submit(client, "/operator/tenants", "/operator/tenants", data)
    assert response.status_code == 302
    assert count_rows(app, Tenant) == 4
    assert "Notodden" in body(client.get(f"/regions/{tenant_a.region_id}"))


def test_coordinator_adds_partner_and_sees_confirmation(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    response = submit(client, page, f"{page}/partners", _valid_data("/partners", tenant_a))
    assert response.status_code == 302 and response.headers["Location"] == page
    assert count_rows(app, PartnerOrganisation) == 3
    shown = body(client.get(page))
    assert "Arkivnettverket" in shown and '<div class="ds-alert" data-color="success">' in shown


def test_coordinator_invites_and_the_invitation_is_listed_as_pending(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    response = submit(client, page, f"{page}/invitations", _valid_data("/invitations", tenant_a))
    assert response.status_code == 302
    assert count_rows(app, Invitation) == 1
    listed = body(client.get("/invitations"))
    assert "nina@example.test" in listed and '<span class="ds-tag" data-color="warning">' in listed
    assert "nina@example.test" in body(client.get(f"/tenants/{tenant_a.tenant_id}"))


def test_operator_invites_a_coordinator(app, client, operator, tenant_a):
    sign_in(client, operator, acr=HIGH_LEVEL)
    page = f"/regions/{tenant_a.region_id}"
    response = submit(client, page, f"/operator{page}/coordinators", _valid_data("/coordinators", tenant_a))
    assert response.status_code == 302
    assert count_rows(app, Invitation) == 1


def test_coordinator_grants_and_revokes_a_tenant_role(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/tenants/{tenant_a.tenant_id}"
    before = count_rows(app, RoleAssignment)
    assert submit(client, page, f"{page}/roles", _valid_data("/roles", tenant_a)).status_code == 302
    assert count_rows(app, RoleAssignment) == before + 1
    assert submit(client, page, f"{page}/roles/revoke", _valid_data("/revoke", tenant_a)).status_code == 302
    assert count_rows(app, RoleAssignment) == before


# --- Other tenants' and regions' objects are 404 -------------------------------------------------


@pytest.mark.parametrize("person", ["coordinator", "it", "partner"])
@pytest.mark.parametrize("template", ["/regions/{region}", "/tenants/{tenant}"])
def test_other_regions_objects_are_not_found(client, tenant_a, tenant_b, person, template):
    sign_in(client, tenant_b.people[person])
    response = client.get(_path(template, tenant_a))
    assert response.status_code == 404
    _assert_hides(response)


def test_other_tenant_of_the_same_region_is_not_found_for_a_tenant_user(client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    response = client.get(f"/tenants/{tenant_a.other_tenant_id}")
    assert response.status_code == 404
    _assert_hides(response, ("Flesberg",))


@pytest.mark.parametrize(("template", "model"), WRITES[2:])
def test_writes_into_another_region_are_not_found_and_write_nothing(app, client, tenant_a, tenant_b, template, model):
    sign_in(client, tenant_b.people["coordinator"], acr=HIGH_LEVEL)
    before = count_rows(app, model)
    response = submit(client, "/", _path(template, tenant_a), _valid_data(template, tenant_a))
    assert response.status_code == 404
    _assert_hides(response)
    assert count_rows(app, model) == before


def test_invitation_list_shows_only_ones_own_regions(app, client, tenant_a, tenant_b):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    assert submit(client, page, f"{page}/invitations", _valid_data("/invitations", tenant_a)).status_code == 302
    other = app.test_client()
    sign_in(other, tenant_b.people["coordinator"])
    response = other.get("/invitations")
    assert response.status_code == 200
    assert "nina@example.test" not in body(response)
    _assert_hides(response)


# --- Bad input: the form again, with what to fix, and nothing written ----------------------------


def _field_error(page_html: str, form: str, field: str) -> bool:
    tied = re.search(rf'id="{form}-{field}"[^>]*aria-describedby="[^"]*{form}-{field}-error"', page_html)
    return bool(tied) and f'id="{form}-{field}-error"' in page_html


def test_bad_region_shows_field_messages_and_writes_nothing(app, client, operator, tenant_a):
    sign_in(client, operator, acr=HIGH_LEVEL)
    response = submit(client, "/operator/regions", "/operator/regions", {"name": "X", "currency": "EUR"})
    assert response.status_code == 422
    page = body(response)
    assert _field_error(page, "region", "name") and _field_error(page, "region", "currency")
    assert 'aria-invalid="true"' in page and 'value="X"' in page
    assert count_rows(app, Region) == 2


def test_duplicate_region_name_is_a_field_message(app, client, operator, tenant_a):
    sign_in(client, operator, acr=HIGH_LEVEL)
    response = submit(
        client, "/operator/regions", "/operator/regions", {"name": "Kongsbergregionen", "currency": "NOK"}
    )
    assert response.status_code == 422 and _field_error(body(response), "region", "name")
    assert count_rows(app, Region) == 2


def test_bad_tenant_keeps_what_was_typed(app, client, operator, tenant_a):
    sign_in(client, operator, acr=HIGH_LEVEL)
    data = {**_valid_data("/operator/tenants", tenant_a), "organisation_number": "123", "population": "many"}
    response = submit(client, "/operator/tenants", "/operator/tenants", data)
    assert response.status_code == 422
    page = body(response)
    assert _field_error(page, "tenant", "population") and 'value="Notodden"' in page
    assert f'value="{tenant_a.region_id}" checked' in page
    assert count_rows(app, Tenant) == 3


def test_bad_partner_and_bad_invitation_write_nothing(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    partner = submit(client, page, f"{page}/partners", {"name": "", "kind": "bank"})
    assert partner.status_code == 422 and _field_error(body(partner), "partner", "kind")
    invite = submit(
        client, page, f"{page}/invitations", {"name": "Nina Ny", "email": "not-an-address", "appointment": "operator:1"}
    )
    assert invite.status_code == 422
    assert _field_error(body(invite), "invite", "email") and _field_error(body(invite), "invite", "appointment")
    assert count_rows(app, PartnerOrganisation) == 2 and count_rows(app, Invitation) == 0


def test_bad_role_change_writes_nothing(app, client, tenant_a):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/tenants/{tenant_a.tenant_id}"
    before = count_rows(app, RoleAssignment)
    response = submit(client, page, f"{page}/roles", {"user_id": "", "role": "operator"})
    assert response.status_code == 422 and _field_error(body(response), "grant", "role")
    assert count_rows(app, RoleAssignment) == before


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_form_without_a_valid_csrf_token_is_refused(app, client, tenant_a, token):
    sign_in(client, tenant_a.people["coordinator"])
    page = f"/regions/{tenant_a.region_id}"
    assert csrf_from(client, page)  # the session has a real token; the post below does not send it
    data = _valid_data("/partners", tenant_a)
    if token:
        data["csrf_token"] = token
    response = client.post(f"{page}/partners", data=data)
    assert response.status_code == 400
    assert count_rows(app, PartnerOrganisation) == 2
