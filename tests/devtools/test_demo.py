"""The demo data: the whole council of chief executives, submitted needs, one joint procurement; loads once."""

from __future__ import annotations

from sqlalchemy import func, select

from samverka.devtools.demo import load_demo_data
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
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
    }


def test_demo_data_has_a_chief_executive_for_every_member_and_loads_once(app_context):
    load_demo_data()
    first = _counts()
    load_demo_data()

    assert _counts() == first
    assert first["needs"] == 6 and first["procurements"] == 1 and first["held"] == 3
    assert first["proposals"] == 1  # the two welfare-technology needs, left for the coordinator to accept
    chiefs = db.session.scalars(
        select(Tenant.name)
        .join(RoleAssignment, RoleAssignment.tenant_id == Tenant.id)
        .where(RoleAssignment.role == "chief_executive")
    ).all()
    assert sorted(chiefs) == sorted(
        ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal", "Notodden", "Hjartdal", "Tinn"]
    )
