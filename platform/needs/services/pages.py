"""What one principal sees of a need, gathered for the page that shows it: facts, history, plan, next steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from samverka.platform.core.contributions import Contributions
from samverka.platform.core.pagination import Page, PageRequest
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs import lifecycle
from samverka.platform.needs.lifecycle import DRAFT, EDITABLE, Side
from samverka.platform.needs.models import BenefitTemplate, Need, NeedEvent, NeedSubmission
from samverka.platform.needs.services import rows
from samverka.platform.needs.services.access import access_need, acting_sides
from samverka.platform.needs.services.benefit_plans import PlanView, plan_view
from samverka.platform.needs.services.listing import NeedListing, quarters, quarters_of, read_listing
from samverka.platform.needs.services.needs import region_needs, tenant_needs
from samverka.platform.needs.services.templates import region_template
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region, access_tenant, member_tenants

# What other areas have to tell a reader of a need (the matching: others plan something similar):
# ``provide(f)`` with ``f(session, principal, need) -> str | None``, a sentence in the page's language.
NEED_NOTES: Contributions[str] = Contributions("notes on a need's page")


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
    notes: list[str]  # what other areas tell this reader about the need

    @property
    def route(self) -> tuple[str, ...]:
        """The statuses of the step indicator, the need's own among them."""
        return lifecycle.route(self.need.status, self.need.is_initiative)

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
        plan=plan_view(session, need),
        steps=steps,
        may_edit=owner and need.status in EDITABLE,
        may_delete=owner and need.status == DRAFT,
        submit_choices=_submit_choices(need) if owner and need.status == DRAFT else [],
        notes=NEED_NOTES.collect(session, principal, need),
    )


def _submit_choices(need: Need) -> list[Region]:
    return sorted((m.region for m in need.tenant.memberships), key=lambda r: r.name)


@dataclass(frozen=True)
class NeedsListPage:
    """A municipality's or a region's needs, as filtered and sorted, with the choices of the filter form."""

    owner: Tenant | Region
    needs: Page[rows.ListedNeed]
    listing: NeedListing
    quarters: list[str]
    municipalities: list[Tenant]  # the region's members; empty on a municipality's own list
    may_write: bool  # register needs (a municipality) or edit the benefit template (a region)

    @property
    def quarter_choices(self) -> list[tuple[str, str]]:
        return [(quarter, quarter) for quarter in self.quarters]


# The quarters each list's filter offers, built once with the municipality or the region as a parameter.
_TENANT_QUARTERS = quarters_of(select(Need).where(Need.tenant_id == bindparam("tenant_id")))
_REGION_QUARTERS = quarters_of(
    select(Need).join(Need.submissions).where(NeedSubmission.region_id == bindparam("region_id"), Need.status != DRAFT)
)


def tenant_needs_page(
    session: Session, principal: Principal, tenant_id: int, page: PageRequest, args: Mapping[str, str]
) -> NeedsListPage:
    # Read first and held: ``tenant_needs`` finds it in the session instead of reading it a second time.
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_NEEDS_READ)
    listing = read_listing(args)
    found = tenant_needs(session, principal, tenant.id, page, listing, rows.FOR_PAGE)
    choices = quarters(session, _TENANT_QUARTERS, {"tenant_id": tenant.id})
    return NeedsListPage(tenant, found, listing, choices, [], holds_on(principal, tenant, perm.TENANT_NEEDS_WRITE))


def region_needs_page(
    session: Session, principal: Principal, region_id: int, page: PageRequest, args: Mapping[str, str]
) -> NeedsListPage:
    region = access_region(session, principal, region_id, perm.REGION_NEEDS_READ)
    members = member_tenants(session, region.id)
    listing = read_listing(args, {t.id for t in members})
    found = region_needs(session, principal, region_id, page, listing, rows.FOR_REGION_PAGE)
    may_edit = holds_on(principal, region, perm.REGION_TEMPLATES_WRITE)
    choices = quarters(session, _REGION_QUARTERS, {"region_id": region.id})
    return NeedsListPage(region, found, listing, choices, members, may_edit)


@dataclass(frozen=True)
class TemplatePage:
    region: Region
    template: BenefitTemplate
    may_edit: bool


def template_page(session: Session, principal: Principal, region_id: int) -> TemplatePage:
    template = region_template(session, principal, region_id)
    region = session.get(Region, region_id)
    return TemplatePage(region, template, holds_on(principal, region, perm.REGION_TEMPLATES_WRITE))
