"""The main menu: what a person may open depends on the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass

from samverka.platform.core.routing import fixed_url
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.services.invitation_page import sees_role_invitations


def N_(message: str) -> str:
    """Marks a label for the catalogues (babel extracts ``N_``); the layout translates it where it is shown,
    through the request's catalogue (``core.i18n``), not a lazy string's lookup of its own."""
    return message


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: str  # the message id: the layout shows ``_(label)``
    values: tuple[tuple[str, int], ...] = ()
    count: int = 0  # things waiting there (the Overview's: what needs the person's attention)

    @property
    def url_values(self) -> dict:
        return dict(self.values)

    @property
    def url(self) -> str:
        return fixed_url(self.endpoint, **self.url_values)


def menu(principal: Principal, attention: int = 0) -> list[MenuItem]:
    """The person's menu; kept with their principal, which is kept while the roles it was built from hold."""
    key = ("menu", attention)
    if key not in principal.memo:
        principal.memo[key] = _menu(principal, attention)
    return principal.memo[key]


def _menu(principal: Principal, attention: int) -> list[MenuItem]:
    if not principal.is_authenticated:
        return []
    items = [MenuItem("ui.home", N_("Overview"), count=attention)]
    if principal.holds_somewhere(perm.PLATFORM_OPERATE):
        items += [
            MenuItem("tenants.operator_regions", N_("Regions")),
            MenuItem("tenants.operator_tenants", N_("Municipalities")),
            MenuItem("thresholds.operator_thresholds", N_("Thresholds")),
        ]
    # A person working in one region or one municipality gets it one click away;
    # with several, the overview lists them all.
    items += _region_staff_items(principal) + _tenant_items(principal) + _partner_items(principal)
    # One page for invitations to roles and a municipality's invitations to join a joint procurement.
    if sees_role_invitations(principal) or principal.holds_somewhere(perm.TENANT_JOIN_READ):
        items.append(MenuItem("tenants.invitations", N_("Invitations")))
    regions = principal.ids(perm.REGION_READ)
    if len(regions) == 1:
        region = (("region_id", *regions),)
        items += [
            MenuItem("procurements.procurements", N_("Joint procurements"), region),
            MenuItem("plans.region_plans", N_("Action plans"), region),
        ]
    return items


def _region_staff_items(principal: Principal) -> list[MenuItem]:
    if len(principal.admin_region_ids) != 1:
        return []
    region = (("region_id", *principal.admin_region_ids),)
    return [
        MenuItem("tenants.region", N_("Region"), region),
        MenuItem("needs.region_needs", N_("Submitted needs"), region),
        MenuItem("matching.proposals", N_("Proposals"), region),
        MenuItem("contracts.region_contracts", N_("Contracts"), region),
        *_benefits(principal, region),
    ]


def _tenant_items(principal: Principal) -> list[MenuItem]:
    if len(principal.tenant_ids) != 1:
        return []
    tenant = (("tenant_id", *principal.tenant_ids),)
    return [
        MenuItem("tenants.tenant", N_("Municipality"), tenant),
        MenuItem("needs.tenant_needs", N_("Needs"), tenant),
        MenuItem("plans.budget", N_("Budget"), tenant),
        MenuItem("contracts.tenant_contracts", N_("Contracts"), tenant),
        *_if(principal.holds(perm.TENANT_DOCUMENTS_READ, *principal.tenant_ids), "delivery.tenant_documents", tenant),
        # The IT coordinator records the benefits realised; the chief executive follows them. "Benefits", as the
        # region's roll-up: the longer name took the menu to a second row at 1280 px in Swedish.
        *(
            [MenuItem("benefits.tenant_follow_up", N_("Benefits"), tenant)]
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
        MenuItem("delivery.region_pipeline", N_("Pipeline"), region),
        *_if(
            principal.holds(perm.PARTNER_DOCUMENTS_READ, *principal.partner_ids), "delivery.partner_documents", partner
        ),
        *(
            [MenuItem("tokens.api_tokens", N_("API tokens"), partner)]
            if principal.holds(perm.PARTNER_TOKENS_WRITE, *principal.partner_ids)
            else []
        ),
    ]


def _benefits(principal: Principal, region: tuple) -> list[MenuItem]:
    """The benefit roll-up, for the region's staff who read it (coordinator and purchaser)."""
    held = principal.holds(perm.REGION_BENEFITS_READ, *principal.admin_region_ids)
    return [MenuItem("rollup.region_benefits", N_("Benefits"), region)] if held else []


def _if(held: bool, endpoint: str, values: tuple) -> list[MenuItem]:
    """The signed papers delivered to the organisation, for those who read them."""
    return [MenuItem(endpoint, N_("Signed papers"), values)] if held else []
