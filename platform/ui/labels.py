"""Translated names for the stored codes the pages show: roles, partner kinds, countries, statuses."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l

from samverka.tenants.roles import Role, ScopeKind

ROLE_LABELS = {
    Role.IT_COORDINATOR: _l("IT coordinator"),
    Role.CHIEF_EXECUTIVE: _l("Chief executive"),
    Role.COORDINATOR: _l("Regional coordinator"),
    Role.PURCHASER: _l("Regional purchaser"),
    Role.PARTNER_READER: _l("Partner reader"),
    Role.OPERATOR: _l("Platform operator"),
}
TENANT_ROLE_LABELS = {role: label for role, label in ROLE_LABELS.items() if role.scope_kind is ScopeKind.TENANT}

PARTNER_KIND_LABELS = {
    "shared_it_service": _l("Shared IT service"),
    "archive_network": _l("Archive network"),
    "research": _l("Research and development partner"),
    "county": _l("County"),
    "other": _l("Other organisation"),
}
COUNTRY_LABELS = {"NO": _l("Norway"), "SE": _l("Sweden")}
CURRENCY_LABELS = {"NOK": _l("NOK – Norwegian kroner"), "SEK": _l("SEK – Swedish kronor")}
# Each language is offered in its own name, so that a reader finds theirs whatever the page's language.
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}
INVITATION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "accepted": _l("Accepted"),
    "expired": _l("Expired"),
}


def money(minor: int | None, currency: str) -> str:
    """An amount stored in minor units (øre/öre), formatted in the page's language; "–" when unknown."""
    return "–" if minor is None else format_currency(Decimal(minor) / 100, currency)


def template_context() -> dict:
    return {
        "money": money,
        "role_labels": ROLE_LABELS,
        "tenant_role_labels": TENANT_ROLE_LABELS,
        "partner_kind_labels": PARTNER_KIND_LABELS,
        "country_labels": COUNTRY_LABELS,
        "currency_labels": CURRENCY_LABELS,
        "invitation_status_labels": INVITATION_STATUS_LABELS,
        "language_names": LANGUAGE_NAMES,
    }
