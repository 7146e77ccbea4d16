"""Translated names for the tenancy area's stored codes: roles, partner kinds, invitation statuses."""

from __future__ import annotations

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
INVITATION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "accepted": _l("Accepted"),
    "expired": _l("Expired"),
    "awaiting_confirmation": _l("Accepted, awaiting your confirmation"),
    "rejected": _l("Rejected"),
}


def template_context() -> dict:
    return {
        "role_labels": ROLE_LABELS,
        "tenant_role_labels": TENANT_ROLE_LABELS,
        "partner_kind_labels": PARTNER_KIND_LABELS,
        "invitation_status_labels": INVITATION_STATUS_LABELS,
    }
