"""Step-up: every permission marked high asks for it on the pages and in the API alike, at the configured
level (Norwegian or a Swedish broker's), and must come back as the same person."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from samverka.devtools.eid_provider import Client, ProviderConfig, serve_in_thread
from samverka.platform.auth.eid import OidcEIdProvider
from samverka.platform.core.config import ClaimMapping
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.permissions import STEP_UP
from tests.platform.awards.factories import in_approval, ready_to_sign
from tests.platform.plans.factories import make_plan
from tests.platform.thresholds.factories import make_threshold
from tests.support.api import assert_error_shape, signed_in
from tests.support.fixtures import TEST_CLIENT_CALLBACK
from tests.support.forms import csrf_from
from tests.support.login import provider_redirect, sign_in, start_login
from tests.support.world import add_person

SE_LOA = "http://id.elegnamnden.se/loa/1.0/"


@dataclass(frozen=True)
class Levels:
    login: str
    high: str


NORWAY = Levels("idporten-loa-substantial", "idporten-loa-high")
SWEDEN = Levels(f"{SE_LOA}loa3", f"{SE_LOA}loa4")


@pytest.fixture(params=["norway", "sweden"])
def country(request, app, world, monkeypatch):
    """The people who act, and the levels they sign in at: ID-porten's, or the README's Swedish broker."""
    a, _, operator = world
    if request.param == "norway":
        yield {
            "levels": NORWAY,
            "operator": operator,
            "chief": a.people["chief"],
            "coordinator": a.people["coordinator"],
        }
        return
    client = Client("samverka-test", "test-secret-not-used-elsewhere", redirect_uris=(TEST_CLIENT_CALLBACK,))
    running = serve_in_thread(ProviderConfig(issuer="", clients=(client,), claim_profile="se_broker"))
    monkeypatch.setitem(app.config, "OIDC_ACR_ORDER", (f"{SE_LOA}loa2", SWEDEN.login, SWEDEN.high))
    monkeypatch.setitem(app.config, "OIDC_LOGIN_ACR", SWEDEN.login)
    monkeypatch.setitem(app.config, "OIDC_CLAIMS", ClaimMapping(("personalIdentityNumber",)))
    discovery = f"{running.url}/.well-known/openid-configuration"
    monkeypatch.setitem(
        app.extensions, "samverka.eid", OidcEIdProvider(discovery, "samverka-test", "test-secret-not-used-elsewhere")
    )
    with app.app_context():
        bind_principal(db.session, Principal.system("test: Swedish people"))
        people = {
            "operator": add_person(app, "operatör", "198001019876", "operator"),
            "chief": add_person(app, "kommundirektör", "197502023456", "chief_executive", tenant_id=a.tenant_id),
            "coordinator": add_person(app, "samordnare", "197803034567", "coordinator", region_id=a.region_id),
        }
        db.session.commit()
    yield {"levels": SWEDEN, **people}
    running.shutdown()


@dataclass(frozen=True)
class Case:
    actor: str
    page: tuple[str, str]  # method, path of the page or form post
    api: tuple[str, str, dict]  # method, path, JSON body that succeeds once stepped up


def _cases(world, threshold_id: int, plan_id: int, awards: dict[str, int]) -> dict[str, Case]:
    a = world[0]
    rollag = {
        "name": "Rollag",
        "country": "NO",
        "municipality_number": "3328",
        "organisation_number": "964963193",
        "population": 1400,
        "region_ids": [a.region_id],
    }
    threshold = {"country": "SE", "year": 2026, "kind": "direct_award", "amount_minor": 70_000_000, "note": ""}
    invitation = {"email": "ny@example.test", "name": "Nina Ny", "role": "coordinator", "scope_id": a.region_id}
    return {
        perm.PLATFORM_REGIONS_MANAGE: Case(
            "operator",
            ("POST", "/operator/regions"),
            ("POST", "/api/v1/regions", {"name": "Hallingdal", "currency": "NOK"}),
        ),
        perm.PLATFORM_TENANTS_MANAGE: Case(
            "operator", ("POST", "/operator/tenants"), ("POST", "/api/v1/tenants", rollag)
        ),
        perm.PLATFORM_INVITE_COORDINATOR: Case(
            "operator",
            ("POST", f"/operator/regions/{a.region_id}/coordinators"),
            ("POST", "/api/v1/invitations", invitation),
        ),
        perm.PLATFORM_THRESHOLDS_MANAGE: Case(
            "operator",
            ("POST", "/operator/thresholds"),
            ("PUT", f"/api/v1/thresholds/{threshold_id}", {**threshold, "source_url": ""}),
        ),
        perm.TENANT_PLAN_VOTE: Case(
            "chief",
            ("POST", f"/action-plans/{plan_id}/vote"),
            ("POST", f"/api/v1/action-plans/{plan_id}/votes", {"decision": "approve", "comment": ""}),
        ),
        perm.TENANT_AWARD_APPROVE: Case(
            "chief",
            ("POST", f"/procurements/{awards['approval']}/award/approvals"),
            ("POST", f"/api/v1/procurements/{awards['approval']}/award/approvals", {"decision": "approved"}),
        ),
        perm.REGION_CONTRACT_SIGN: Case(
            "coordinator",
            ("POST", f"/procurements/{awards['contract']}/award/contract"),
            ("POST", f"/api/v1/procurements/{awards['contract']}/award/contract", CONTRACT),
        ),
    }


CONTRACT = {"starts_on": "2028-01-01", "ends_on": "2031-12-31", "kraljic": "strategic"}
AWARD_PERMISSIONS = (perm.TENANT_AWARD_APPROVE, perm.REGION_CONTRACT_SIGN)


def _awards(app, world, permission: str | None) -> dict[str, int]:
    """A procurement awaiting Kongsberg's approval, and one whose contract may be signed: made only for
    the cases that use them (each takes a few seconds)."""
    if permission == perm.TENANT_AWARD_APPROVE:
        return {"approval": in_approval(app, world).procurement_id, "contract": 0}
    if permission == perm.REGION_CONTRACT_SIGN:
        return {"approval": 0, "contract": ready_to_sign(app, world).procurement_id}
    return {"approval": 0, "contract": 0}


@pytest.fixture
def cases(request, app, world) -> dict[str, Case]:
    permission = getattr(request.node, "callspec", None) and request.node.callspec.params.get("permission")
    awards = _awards(app, world[0], permission)
    return _cases(world, make_threshold(app), make_plan(app, world[0], submit=True).plan_id, awards)


def test_every_high_permission_has_a_case():
    world = (type("World", (), {"region_id": 1})(), None, None)
    assert set(_cases(world, 1, 1, {"approval": 1, "contract": 1})) == set(STEP_UP)


@pytest.mark.parametrize("permission", sorted(STEP_UP))
def test_below_the_step_up_level_the_page_sends_to_e_id_at_the_configured_level(
    app, client, country, cases, permission
):
    case = cases[permission]
    sign_in(client, country[case.actor], acr=country["levels"].login)
    method, path = case.page
    data = {"csrf_token": csrf_from(client, "/")} if method == "POST" else None
    response = client.open(path, method=method, data=data)
    assert response.status_code == 302, response.status_code
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login/start" and parse_qs(location.query)["acr"] == [country["levels"].high]
    assert client.get(response.headers["Location"]).status_code == 302  # the provider knows that level


@pytest.mark.parametrize("permission", sorted(STEP_UP))
def test_below_the_step_up_level_the_api_refuses_saying_so(app, client, country, cases, permission):
    case = cases[permission]
    api = signed_in(client, country[case.actor], acr=country["levels"].login)
    method, path, body = case.api
    response = api.client.open(path, method=method, json=body, headers=api.headers)
    refusal = assert_error_shape(response, 403)
    assert refusal["errors"] == {"step_up": {"acr": country["levels"].high}}


@pytest.mark.parametrize("permission", sorted(STEP_UP))
def test_at_the_step_up_level_the_api_acts(app, client, country, cases, permission):
    case = cases[permission]
    api = signed_in(client, country[case.actor], acr=country["levels"].high)
    method, path, body = case.api
    response = api.client.open(path, method=method, json=body, headers=api.headers)
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def test_a_step_up_that_comes_back_as_another_person_is_refused(app, client, tenant_a, operator, cases):
    chief = tenant_a.people["chief"]
    sign_in(client, chief, acr=NORWAY.login)
    before = client.get("/api/v1/me").get_json()
    authorize_url = start_login(client, acr=NORWAY.high, next_path="/")
    callback = provider_redirect(authorize_url, operator.pid, NORWAY.high)
    response = client.get(callback.split("localhost", 1)[1])
    assert response.status_code == 403
    assert client.get("/api/v1/me").get_json() == before  # still the chief executive
    method, path, body = cases[perm.TENANT_PLAN_VOTE].api
    token = client.get("/api/v1/csrf-token").get_json()["csrf_token"]
    vote = client.open(path, method=method, json=body, headers={"X-CSRFToken": token})
    assert assert_error_shape(vote, 403)["errors"] == {"step_up": {"acr": NORWAY.high}}  # and not stepped up


@pytest.mark.parametrize("permission", AWARD_PERMISSIONS)
def test_the_award_and_the_contract_record_each_countrys_level(app, client, country, cases, permission):
    """An approval and the contract's signature, with the Norwegian and the Swedish level names configured."""
    case = cases[permission]
    api = signed_in(client, country[case.actor], acr=country["levels"].high)
    method, path, body = case.api
    done = api.client.open(path, method=method, json=body, headers=api.headers)
    assert done.status_code == 201, done.get_data(as_text=True)
    assert done.get_json()["acr"] == country["levels"].high
    state = api.get(path.rsplit("/", 1)[0]).get_json()
    if permission == perm.TENANT_AWARD_APPROVE:
        assert [a["acr"] for a in state["approvals"] if a["decision"] == "approved"] == [country["levels"].high]
    else:
        assert state["stage"] == "contract_signed" and state["contract"]["acr"] == country["levels"].high
