"""Translated names for the codes the plan pages, API descriptions and exports show."""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PLAN_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "superseded": _l("Replaced by a newer version"),
}
# Designsystemet colours of the status tags: a decision is success or danger; waiting is information.
PLAN_STATUS_COLORS = {
    "draft": "neutral",
    "submitted": "info",
    "approved": "success",
    "rejected": "danger",
    "superseded": "neutral",
}
BUDGET_SOURCE_LABELS = {"plan": _l("The plan's budget"), "own": _l("The participants' own budgets")}
# A delivered joint contract's yearly maintenance: a budget line of its own kind, beside the plans' lines.
MAINTENANCE_SOURCE = _l("Maintenance")
COST_METHOD_LABELS = {
    "equal": _l("Equal shares"),
    "population": _l("By population"),
    "mix": _l("Mix of equal shares and by population"),
    "fixed": _l("Fixed shares per municipality"),
}
APPROVAL_RULE_LABELS = {"all": _l("All member municipalities"), "majority": _l("A majority of the members")}
DECISION_LABELS = {"approve": _l("Approves"), "reject": _l("Rejects")}
PRIORITY_LABELS = {1: _l("1 (high)"), 2: _l("2 (medium)"), 3: _l("3 (low)")}


def cost_key_text(key) -> str:
    if key.method == "mix":
        return _(
            "%(equal)s %% equal shares, %(population)s %% by population",
            equal=key.equal_percent,
            population=100 - key.equal_percent,
        )
    return str(COST_METHOD_LABELS[key.method])


def status_text(plan) -> str:
    """E.g. "Approved 4 December 2026"; the date is when the council decided or the plan was submitted."""
    label = str(PLAN_STATUS_LABELS[plan.status])
    when = (
        plan.decided_at
        if plan.status in ("approved", "rejected")
        else (plan.submitted_at if plan.status == "submitted" else None)
    )
    return f"{label} {format_date(when.date(), 'long')}" if when else label


def name_list(names) -> str:
    """ "Flesberg, Rollag og Tinn": names joined as the page's language writes a list."""
    return format_list(list(names), locale=get_locale()) if names else ""


def template_context() -> dict:
    return {
        "plan_status_labels": PLAN_STATUS_LABELS,
        "plan_status_colors": PLAN_STATUS_COLORS,
        "name_list": name_list,
        "budget_source_labels": BUDGET_SOURCE_LABELS,
        "cost_method_labels": COST_METHOD_LABELS,
        "approval_rule_labels": APPROVAL_RULE_LABELS,
        "decision_labels": DECISION_LABELS,
        "priority_labels": PRIORITY_LABELS,
        "cost_key_text": cost_key_text,
        "status_text": status_text,
    }
