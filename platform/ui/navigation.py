"""The main menu: what a person may open depends on the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.services.invitation_page import sees_role_invitations


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: str
    values: tuple[tuple[str, int], ...] = ()
    count: int = 0  # things waiting there (the Overview's: what needs the person's attention)

    @property
    def url_values(self) -> dict:
        return dict(self.values)


def menu(principal: Principal, attention: int = 0) -> list[MenuItem]:
    if not principal.is_authenticated:
        return []
    items = [MenuItem("ui.home", _l("Overview"), count=attention)]
    if principal.holds_somewhere(perm.PLATFORM_OPERATE):
        items += [
            MenuItem("tenants.operator_regions", _l("Regions")),
            MenuItem("tenants.operator_tenants", _l("Municipalities")),
            MenuItem("thresholds.operator_thresholds", _l("Thresholds")),
        ]
    # A person working in one region or one municipality gets it one click away;
    # with several, the overview lists them all.
    items += _region_staff_items(principal) + _tenant_items(principal) + _partner_items(principal)
    # One page for invitations to roles and a municipality's invitations to join a joint procurement.
    if sees_role_invitations(principal) or principal.holds_somewhere(perm.TENANT_JOIN_READ):
        items.append(MenuItem("tenants.invitations", _l("Invitations")))
    regions = principal.ids(perm.REGION_READ)
    if len(regions) == 1:
        region = (("region_id", *regions),)
        items += [
            MenuItem("procurements.procurements", _l("Joint procurements"), region),
            MenuItem("plans.region_plans", _l("Action plans"), region),
        ]
    return items


def _region_staff_items(principal: Principal) -> list[MenuItem]:
    if len(principal.admin_region_ids) != 1:
        return []
    region = (("region_id", *principal.admin_region_ids),)
    return [
        MenuItem("tenants.region", _l("Region"), region),
        MenuItem("needs.region_needs", _l("Submitted needs"), region),
        MenuItem("matching.proposals", _l("Proposals"), region),
        MenuItem("contracts.region_contracts", _l("Contracts"), region),
        *_benefits(principal, region),
    ]


def _tenant_items(principal: Principal) -> list[MenuItem]:
    if len(principal.tenant_ids) != 1:
        return []
    tenant = (("tenant_id", *principal.tenant_ids),)
    return [
        MenuItem("tenants.tenant", _l("Municipality"), tenant),
        MenuItem("needs.tenant_needs", _l("Needs"), tenant),
        MenuItem("plans.budget", _l("Budget"), tenant),
        MenuItem("contracts.tenant_contracts", _l("Contracts"), tenant),
        *_if(principal.holds(perm.TENANT_DOCUMENTS_READ, *principal.tenant_ids), "delivery.tenant_documents", tenant),
        # The IT coordinator records the benefits realised; the chief executive follows them. "Benefits", as the
        # region's roll-up: the longer name took the menu to a second row at 1280 px in Swedish.
        *(
            [MenuItem("benefits.tenant_follow_up", _l("Benefits"), tenant)]
            if principal.holds(perm.TENANT_NEEDS_READ, *principal.tenant_ids)
            else []
        ),
    ]


def _partner_items(principal: Principal) -> list[MenuItem]:
    """A partner reader follows the region's pipeline and reads the signed papers delivered to the partner."""
    if len(principal.partner_ids) != 1 or len(principal.ids(perm.REGION_PROCUREMENTS_READ)) != 1:
        return []
    partner = (("partner_id", *principal.partner_ids),)
    region = (("region_id", *principal.ids(perm.REGION_PROCUREMENTS_READ)),)
    return [
        MenuItem("delivery.region_pipeline", _l("Pipeline"), region),
        *_if(
            principal.holds(perm.PARTNER_DOCUMENTS_READ, *principal.partner_ids), "delivery.partner_documents", partner
        ),
        *(
            [MenuItem("tokens.api_tokens", _l("API tokens"), partner)]
            if principal.holds(perm.PARTNER_TOKENS_WRITE, *principal.partner_ids)
            else []
        ),
    ]


def _benefits(principal: Principal, region: tuple) -> list[MenuItem]:
    """The benefit roll-up, for the region's staff who read it (coordinator and purchaser)."""
    held = principal.holds(perm.REGION_BENEFITS_READ, *principal.admin_region_ids)
    return [MenuItem("rollup.region_benefits", _l("Benefits"), region)] if held else []


def _if(held: bool, endpoint: str, values: tuple) -> list[MenuItem]:
    """The signed papers delivered to the organisation, for those who read them."""
    return [MenuItem(endpoint, _l("Signed papers"), values)] if held else []
