"""What one principal sees of a need, gathered for the page that shows it: facts, history, plan, next steps."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samverka.platform.matching.services import SimilarPlans, similar_plans
from samverka.platform.needs import lifecycle
from samverka.platform.needs.lifecycle import DRAFT, EDITABLE, Side
from samverka.platform.needs.models import Need, NeedEvent
from samverka.platform.needs.services.access import access_need, acting_sides
from samverka.platform.needs.services.plans import PlanView, plan_view
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region
from samverka.tenants.principal import Principal


@dataclass(frozen=True)
class NeedPage:
    need: Need
    regions: list[Region]  # the regions it was submitted to, as far as the principal sees them
    events: list[NeedEvent]
    plan: PlanView
    steps: list[lifecycle.Transition]  # what the principal may do next, besides submitting
    may_edit: bool
    may_delete: bool
    submit_choices: list[Region]  # the municipality's regions, when the principal may submit it now
    similar: SimilarPlans | None  # for the owner: others in its regions plan something similar

    @property
    def tenant_name(self) -> str:
        return self.need.tenant.name


def need_page(session: Session, principal: Principal, need_id: int) -> NeedPage:
    need = access_need(session, principal, need_id)
    sides = acting_sides(principal, need)
    owner = Side.TENANT in sides
    steps = [t for t in lifecycle.available(need.status, need.is_initiative, sides) if not t.shares]
    return NeedPage(
        need=need,
        regions=sorted((s.region for s in need.submissions), key=lambda r: r.name),
        events=list(need.events),
        plan=plan_view(session, principal, need),
        steps=steps,
        may_edit=owner and need.status in EDITABLE,
        may_delete=owner and need.status == DRAFT,
        submit_choices=_submit_choices(need) if owner and need.status == DRAFT else [],
        similar=similar_plans(session, principal, need),
    )


def _submit_choices(need: Need) -> list[Region]:
    return sorted((m.region for m in need.tenant.memberships), key=lambda r: r.name)


def may_write_needs(principal: Principal, tenant_id: int) -> bool:
    return perm.has_permission(principal, perm.TENANT_NEEDS_WRITE, tenant_id=tenant_id)


def may_edit_template(principal: Principal, region_id: int) -> bool:
    return perm.has_permission(principal, perm.REGION_TEMPLATES_WRITE, region_id=region_id)
