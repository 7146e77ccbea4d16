"""The HTML forms of the plan pages: what to enter in each field, and how typed text becomes data.

The rules are the API schemas'; these only read text as people type it: amounts in
kroner/kronor ("12 500,50"), percentages with a decimal comma ("14,25"), and the
ticked municipalities.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from samverka.platform.core.money import SPACES, KronerField, kroner_text
from samverka.platform.plans.schemas import NewPlanItemSchema

_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")

ITEM_FORM = {
    "title": _l("Enter a title, 2 to 200 characters."),
    "category": _l("Choose a category."),
    "priority": _l("Choose priority 1, 2 or 3."),
    "start_quarter": _l("Enter a quarter of the plan's year, e.g. 2027-Q2."),
    "responsible": _l("Enter the responsible person's name, at most 120 characters, or leave it empty."),
    "one_off_cost": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 500 000 or 12 500,50."),
    "annual_cost": _l("Enter an amount of 0 or more with at most two decimals, e.g. 1 500 000 or 12 500,50."),
    "budget_source": _l("Choose the plan's budget or the participants' own budgets."),
    "participant_ids": _l("Choose one or more member municipalities to share the cost."),
    "status": _l("This plan cannot be changed as it stands."),
}
SETTINGS_FORM = {
    "cost_method": _l("Choose how the cost is shared."),
    "equal_percent": _l("Enter the equal part of the mix as a whole percentage from 0 to 100, e.g. 30."),
    "approval_rule": _l("Choose all members or a majority."),
    "fixed_shares": _l("Enter each municipality's share in per cent, e.g. 14,25; together exactly 100."),
}
VOTE_FORM = {
    "decision": _l("Choose approve or reject."),
    "comment": _l("Write at most 2000 characters."),
}
PLAN_ACTION_FORM = {
    "status": _l("This plan cannot be changed as it stands."),
    "items": _l("Add at least one item before submitting the plan."),
}


class ItemFormSchema(NewPlanItemSchema):
    one_off_cost_minor = KronerField(data_key="one_off_cost", load_default=0)
    annual_cost_minor = KronerField(data_key="annual_cost", load_default=0)


def percent_to_basis_points(text: str) -> int:
    """ "14,25" -> 1425; ValueError when it is not a percentage with at most two decimals."""
    cleaned = SPACES.sub("", text).replace(",", ".").removesuffix("%")
    if not _PERCENT.match(cleaned):
        raise ValueError(text)
    return int(Decimal(cleaned) * 100)


def percent(basis_points: int) -> str:
    return format_decimal(Decimal(basis_points) / 100, format="0.##")


def item_form_values(item) -> dict:
    return {
        "title": item.title,
        "category": item.category,
        "priority": str(item.priority),
        "start_quarter": item.start_quarter,
        "responsible": item.responsible,
        "one_off_cost": kroner_text(item.one_off_cost_minor),
        "annual_cost": kroner_text(item.annual_cost_minor),
        "budget_source": item.budget_source,
        "participant_ids": [str(t) for t in item.participant_ids],
    }
