"""The demo data: the whole council of chief executives, submitted needs, one joint procurement; loads once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from samverka.devtools.demo import load_demo_data
from samverka.devtools.demo.register import CONTRACTS
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import Need
from samverka.platform.plans.models import ActionPlan, PlanVote
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.tenants.models import RoleAssignment, Tenant


def _counts() -> dict[str, int]:
    bind_principal(db.session, Principal.system("test count"))
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return {
        "needs": count(Need),
        "procurements": count(JointProcurement),
        "held": count(ProcurementNeed),
        "proposals": count(MatchProposal),
        "grants": count(RoleAssignment),
        "contracts": count(Contract),
        "invitations": count(JoinInvitation),
    }


def test_demo_data_has_a_chief_executive_for_every_member_and_loads_once(app_context):
    load_demo_data()
    first = _counts()
    load_demo_data()

    assert _counts() == first
    # Six submitted needs and the two re-procurement drafts lead-time planning made from the registers;
    # the case-and-archive procurement and the re-procurement of the region's printing contract.
    assert first["needs"] == 8 and first["procurements"] == 2 and first["held"] == 3
    assert first["proposals"] == 1  # the two welfare-technology needs, left for the coordinator to accept
    chiefs = db.session.scalars(
        select(Tenant.name)
        .join(RoleAssignment, RoleAssignment.tenant_id == Tenant.id)
        .where(RoleAssignment.role == "chief_executive")
    ).all()
    assert sorted(chiefs) == sorted(
        ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal", "Notodden", "Hjartdal", "Tinn"]
    )


def test_demo_registers_have_a_reprocurement_due_soon_and_one_overdue(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    today = date.today()
    starts = dict(
        db.session.execute(select(Contract.title, Reprocurement.starts_on).join(Reprocurement.contract)).all()
    )
    # A start after the 28th of a month moves back up to three days (see register._last_end).
    assert 21 <= (starts["Ekonomisystem"] - today).days <= 24
    assert -24 <= (starts["Lønns- og personalsystem"] - today).days <= -21
    assert "Skoleadministrativt system" not in starts  # beyond the planning horizon: nothing to do yet
    assert db.session.scalar(select(func.count()).select_from(Contract)) == len(CONTRACTS)
    assert db.session.scalar(select(func.count()).select_from(JoinInvitation)) == 7  # every member, once


def test_demo_plan_awaits_flesberg_with_three_of_seven_votes_on_the_revised_version(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    plans = db.session.execute(select(ActionPlan.version, ActionPlan.status).order_by(ActionPlan.version)).all()
    assert [tuple(p) for p in plans] == [(1, "superseded"), (2, "submitted")]
    voters = db.session.scalars(
        select(Tenant.name).join(PlanVote, PlanVote.tenant_id == Tenant.id).where(PlanVote.decision == "approve")
    ).all()
    assert sorted(voters) == ["Kongsberg", "Notodden", "Tinn"]
