"""Every route and API endpoint: another tenant's or region's object is a 404 with none of its data.

The routes are read from the app's URL map, so a new route with an id in its path
fails this test until its id kind is listed here.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samverka.platform.auth.models import BrowserSession
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal, scoped_models
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation
from samverka.tenants.services.principals import load_principal
from tests.platform.auth.tokens_support import create_token
from tests.platform.benefits.factories import delivered_with_benefits
from tests.platform.contracts.support import make_region_objects
from tests.platform.delivery.factories import make_delivered_document
from tests.platform.needs.support import submitted_need_of_a
from tests.platform.plans.factories import make_plan
from tests.platform.portability.factories import make_export
from tests.platform.procurements.factories import make_procurement
from tests.platform.requirements.factories import make_team_objects
from tests.platform.signatures.factories import make_dpa_objects
from tests.platform.tenders.factories import make_document, record_tender, set_up_evaluation
from tests.platform.thresholds.factories import make_threshold
from tests.support.login import sign_in
from tests.support.matching import make_proposal

# Capability links: whoever holds the link may see the invitation, by design.
NOT_TENANT_SCOPED = {"token", "filename"}
# Read only by the municipality's (or partner's) own users, not the region's staff: the control below, as the
# coordinator, cannot reach these; tests/platform/delivery reads them as their owners.
OWNERS_ONLY = {"delivered_document_id", "export_id"}
# Public open contracting data: anyone reads a published procurement's by its ocid, nobody an unpublished one's
# (A's procurement here is unpublished: a 404 for everyone; tests/platform/publication reads published ones).
PUBLISHED_ONLY = {"ocid"}
A_WORDS = ("Kongsberg", "Flesberg", "K-IKT", "kongsb_")


def _awaiting_invitation(app, world) -> int:
    """An invitation into region A's municipality that someone accepted and its inviter has yet to confirm."""
    with app.app_context():
        coordinator = load_principal(db.session, world.people["coordinator"].user_id)
        invitation = create_invitation(
            db.session,
            coordinator,
            email="ny@kongsberg.example",
            name="Ny",
            role=Role.CHIEF_EXECUTIVE,
            scope_id=world.tenant_id,
        )
        db.session.commit()  # the system writes on its own connection: it must see the invitation
        bind_principal(db.session, Principal.system("test fixtures"))
        invitation.status, invitation.accepted_at = "awaiting_confirmation", utcnow()
        invitation.accepted_by_id, invitation.accepted_by_name = world.people["it"].user_id, "Kongsb It"
        invitation.accepted_by_email = "kongsb_it@example.test"
        db.session.commit()
        return invitation.id


def _session_of_a(app, world) -> str:
    """The handle of a browser session in which region A's IT coordinator is signed in."""
    sign_in(app.test_client(), world.people["it"])
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        return db.session.scalars(
            select(BrowserSession.handle).where(BrowserSession.user_id == world.people["it"].user_id)
        ).one()


@pytest.fixture
def a_objects(app, tenant_a) -> dict[str, int | str]:
    """Objects of region A and its tenant that routes reach by id."""
    dpa = make_dpa_objects(app, tenant_a)  # first: its needs are submitted, which re-matches
    procurement = make_procurement(app, tenant_a)
    need = submitted_need_of_a(app, tenant_a)
    proposal_id = make_proposal(app, tenant_a)  # last: submitting a need re-matches, which may replace open proposals
    plan = make_plan(app, tenant_a)
    # Thresholds are global: only their manager (the operator) reaches one by id; for region B it is a 404 too.
    threshold_id = make_threshold(app)
    contracts = make_region_objects(app, tenant_a)  # the region's joint contract and register import
    contracts.pop("imported_contract_ids")
    set_up_evaluation(app, procurement.procurement_id)
    delivered_document_id = make_delivered_document(app, tenant_a)  # Kongsberg's copy of a delivered contract
    follow_up = delivered_with_benefits(app, tenant_a)  # Kongsberg's benefit plan in follow-up
    return {
        "benefit_plan_id": follow_up.plan_id,
        "benefit_line_id": follow_up.lines["money"],
        "token_id": create_token(app, tenant_a)[0],  # the partner's API token
        "delivered_document_id": delivered_document_id,
        "export_id": make_export(app, tenant_a),  # Kongsberg's export of its own data
        "document_id": make_document(app, procurement.procurement_id),
        "tender_id": record_tender(app, procurement.procurement_id),
        "procurement_id": procurement.procurement_id,
        "ocid": f"ocds-smvka1-{procurement.procurement_id}",
        "join_invitation_id": procurement.join_invitation_id,
        "proposal_id": proposal_id,
        "plan_id": plan.plan_id,
        "item_id": plan.item_id,
        "threshold_id": threshold_id,
        "invitation_id": _awaiting_invitation(app, tenant_a),
        **make_team_objects(app, tenant_a, procurement.procurement_id),
        "handle": _session_of_a(app, tenant_a),
        **contracts,
        **need,
        **dpa,
    }


def _id_for(arg: str, a, a_objects: dict[str, int]) -> int | str:
    ids = {
        "region_id": a.region_id,
        "tenant_id": a.tenant_id,
        "partner_id": a.partner_id,
        "user_id": a.people["it"].user_id,
        **a_objects,
    }
    assert arg in ids, f"route argument {arg!r} has no cross-tenant case: add it to test_isolation.py"
    return ids[arg]


def _scoped_routes(app):
    for rule in app.url_map.iter_rules():
        args = set(rule.arguments) - NOT_TENANT_SCOPED
        if args and not (set(rule.arguments) & NOT_TENANT_SCOPED):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _row_counts(app) -> dict[str, int]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test count"))
        return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in scoped_models()}


def _csrf(client) -> str:
    return client.get("/api/v1/csrf-token").get_json()["csrf_token"]


def _ask(client, rule, method, a, a_objects):
    path = rule.build({arg: _id_for(arg, a, a_objects) for arg in rule.arguments}, append_unknown=False)[1]
    headers = {"X-CSRFToken": _csrf(client)} if method != "GET" else {}
    kwargs = {"json": {}} if path.startswith("/api/") and method != "GET" else {"data": {}}
    return path, client.open(path, method=method, headers=headers, **kwargs)


@pytest.mark.parametrize("who", ["coordinator", "it", "chief", "partner"])
def test_region_b_gets_404_and_nothing_of_a_on_every_route(app, client, tenant_a, tenant_b, a_objects, who):
    sign_in(client, tenant_b.people[who])
    before = _row_counts(app)
    checked = 0
    for rule, method in _scoped_routes(app):
        path, response = _ask(client, rule, method, tenant_a, a_objects)
        body = response.get_data(as_text=True)
        assert response.status_code == 404, f"{who}: {method} {path} gave {response.status_code}"
        assert not [w for w in A_WORDS if w in body], f"{who}: {method} {path} shows A's data"
        checked += 1
    assert checked >= 15
    assert _row_counts(app) == before


def test_a_municipality_cannot_reach_its_neighbour_in_the_same_region(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    for path in (
        f"/tenants/{tenant_a.other_tenant_id}",
        f"/api/v1/tenants/{tenant_a.other_tenant_id}",
        f"/api/v1/tenants/{tenant_a.other_tenant_id}/users",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Flesberg" not in response.get_data(as_text=True)


def test_the_objects_exist_for_their_own_region(app, client, tenant_a, a_objects):
    """The control: A's own coordinator reaches every object above, so the 404s are isolation, not absence."""
    sign_in(client, tenant_a.people["coordinator"])
    for rule, method in _scoped_routes(app):
        if method == "GET" and not set(rule.arguments) & (OWNERS_ONLY | PUBLISHED_ONLY):
            path, response = _ask(client, rule, method, tenant_a, a_objects)
            assert response.status_code in (200, 403), f"{method} {path} gave {response.status_code}"
