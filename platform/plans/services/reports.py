"""What leaves the plan pages as numbers: a tenant's budget lines and the council's export of a plan.

Both read the stored shares, so the page, the CSV, the XLSX and the PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.catalogue import lead_time
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.labels import CATEGORY_LABELS
from samverka.platform.plans import labels
from samverka.platform.plans.export_data import BudgetLine, ExportItem, ExportShare, PlanExport
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemShare
from samverka.platform.plans.models.maintenance import MaintenanceLine
from samverka.platform.plans.services import maintenance
from samverka.platform.plans.services.shares import cost_key, plan_shares
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_tenant, member_tenants


@dataclass(frozen=True)
class BudgetYear:
    """One plan year of one region, as one tenant budgets it: the version that counts and its lines."""

    region_name: str
    plan: ActionPlan
    lines: tuple[BudgetLine, ...]


@dataclass(frozen=True)
class MaintenanceYear:
    """One calendar year of the municipality's maintenance of delivered joint contracts."""

    year: int
    lines: tuple[MaintenanceLine, ...]

    @property
    def totals(self) -> dict[str, int]:
        """Per currency (a municipality in regions of two countries may have both)."""
        found: dict[str, int] = {}
        for line in self.lines:
            found[line.currency] = found.get(line.currency, 0) + line.amount_minor
        return found


def maintenance_years(session: Session, principal: Principal, tenant: Tenant) -> list[MaintenanceYear]:
    """The maintenance lines by year, the earliest first."""
    by_year: dict[int, list[MaintenanceLine]] = {}
    for line in maintenance.tenant_lines(session, principal, tenant):
        by_year.setdefault(line.year, []).append(line)
    return [MaintenanceYear(year, tuple(lines)) for year, lines in sorted(by_year.items())]


def maintenance_budget_lines(years: list[MaintenanceYear]) -> list[BudgetLine]:
    """The maintenance lines as the CSV's rows: no plan version, priority or start quarter."""
    return [
        BudgetLine(
            year=line.year,
            plan_version=None,
            item_title=line.title,
            priority=None,
            start_quarter="",
            budget_source=str(labels.MAINTENANCE_SOURCE),
            outside_plan=False,
            one_off_minor=0,
            annual_minor=line.amount_minor,
            currency=line.currency,
        )
        for year in years
        for line in year.lines
    ]


def budget(session: Session, principal: Principal, tenant_id: int) -> tuple[Tenant, list[BudgetYear]]:
    """A municipality's budget lines, for its own users and its regions' staff."""
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_BUDGET_READ)
    return tenant, budget_years(session, principal, tenant)


def budget_years(session: Session, principal: Principal, tenant: Tenant) -> list[BudgetYear]:
    """Per region and year: the latest approved version, else the latest version (its status shown).

    The municipality's own users see every region's plans; a region's staff see their own region's only
    (row-level security on plans and shares does that).
    """
    require_on(principal, tenant, perm.TENANT_BUDGET_READ)
    region_ids = [m.region_id for m in tenant.memberships]
    plans = session.scalars(
        select(ActionPlan)
        .where(ActionPlan.region_id.in_(region_ids))
        .order_by(ActionPlan.year.desc(), ActionPlan.region_id, ActionPlan.version.desc())
    )
    chosen: dict[tuple[int, int], ActionPlan] = {}
    for plan in plans:
        current = chosen.get((plan.region_id, plan.year))
        if current is None or (plan.status == "approved" and current.status != "approved"):
            chosen[(plan.region_id, plan.year)] = plan
    lines = _lines(session, list(chosen.values()), tenant.id)
    return [
        BudgetYear(session.get(Region, plan.region_id).name, plan, tuple(lines[plan.id])) for plan in chosen.values()
    ]


def _lines(session: Session, plans: list[ActionPlan], tenant_id: int) -> dict[int, list[BudgetLine]]:
    """Plan id -> the tenant's lines in it: one query for all the plans, not one per plan."""
    by_id = {plan.id: plan for plan in plans}
    lines: dict[int, list[BudgetLine]] = {plan_id: [] for plan_id in by_id}
    rows = session.execute(
        select(PlanItem, PlanItemShare)
        .join(PlanItemShare, PlanItemShare.item_id == PlanItem.id)
        .where(PlanItem.plan_id.in_(by_id), PlanItemShare.tenant_id == tenant_id)
        .order_by(PlanItem.priority, PlanItem.start_quarter, PlanItem.id)
    )
    for item, share in rows:
        plan = by_id[item.plan_id]
        lines[plan.id].append(
            BudgetLine(
                year=plan.year,
                plan_version=plan.version,
                item_title=item.title,
                priority=item.priority,
                start_quarter=item.start_quarter,
                budget_source=str(labels.BUDGET_SOURCE_LABELS[item.budget_source]),
                outside_plan=item.outside_plan,
                one_off_minor=share.one_off_minor,
                annual_minor=share.annual_minor,
                currency=plan.currency,
            )
        )
    return lines


def plan_export(session: Session, principal: Principal, plan: ActionPlan, today: date) -> PlanExport:
    require_on(principal, plan, perm.REGION_PLAN_EXPORT)
    members = member_tenants(session, plan.region_id)
    names = {t.id: t.name for t in members}
    shares = plan_shares(session, plan)
    items = tuple(
        ExportItem(
            title=item.title,
            category=str(CATEGORY_LABELS[item.category]),
            lead_months=lead_time(item.category),
            priority=item.priority,
            start_quarter=item.start_quarter,
            responsible=item.responsible,
            budget_source=str(labels.BUDGET_SOURCE_LABELS[item.budget_source]),
            outside_plan=item.outside_plan,
            one_off_minor=item.one_off_cost_minor,
            annual_minor=item.annual_cost_minor,
            shares=tuple(
                ExportShare(names.get(s.tenant_id, str(s.tenant_id)), s.one_off_minor, s.annual_minor)
                for s in shares[item.id]
            ),
        )
        for item in plan.items
    )
    return PlanExport(
        region_name=session.get(Region, plan.region_id).name,
        year=plan.year,
        version=plan.version,
        status=labels.status_text(plan),
        currency=plan.currency,
        cost_key=labels.cost_key_text(cost_key(session, plan.region_id)),
        tenants=tuple(t.name for t in members),
        items=items,
        generated_on=today,
    )
