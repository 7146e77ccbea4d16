"""The stages of a joint procurement, as data: their order, the transitions allowed, and their planned share.

A procurement is a ``draft`` while the region forms it (participants invited, needs joined); the
purchaser then runs it from ``preparation`` (the needs analysis) to the ``award_recommendation``.
From there each stage is entered through its own action (the quality check, every participant's
approval, the contract's and the data processing agreement's signatures, the delivery), never by the
plain "advance" (``BY_ADVANCE``). ``cancelled`` can be reached from any stage before the contract is
signed, only through cancellation (it needs a reason).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

DRAFT, PREPARATION, REQUIREMENTS, COMPETITION, EVALUATION, AWARD_RECOMMENDATION = (
    "draft",
    "preparation",
    "requirements",
    "competition",
    "evaluation",
    "award_recommendation",
)
CONTRACT_SIGNED, CANCELLED = "contract_signed", "cancelled"

# The main line, in order.
LINE: tuple[str, ...] = (
    DRAFT,
    PREPARATION,
    REQUIREMENTS,
    COMPETITION,
    EVALUATION,
    AWARD_RECOMMENDATION,
    "quality_check",
    "approval",
    "award_decided",
    "standstill",
    CONTRACT_SIGNED,
    "dpa_signed",
    "delivered",
    "in_operation",
)
STAGES: tuple[str, ...] = (*LINE, CANCELLED)

# Each stage moves on to the next; requirements may go back to the needs analysis (a need changed).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{stage: (following,) for stage, following in zip(LINE, LINE[1:], strict=False)},
    REQUIREMENTS: (COMPETITION, PREPARATION),
    # The coordinator's quality check approves the recommendation or returns it to the evaluation.
    "quality_check": ("approval", EVALUATION),
    # A contract that processes no personal data has no data processing agreement to sign: it is delivered.
    CONTRACT_SIGNED: ("dpa_signed", "delivered"),
    "in_operation": (),
    CANCELLED: (),
}

# The stages the purchaser (or coordinator) reaches with "advance"; the later ones only through their own action.
BY_ADVANCE = frozenset(LINE[1 : LINE.index("quality_check") + 1])

# Cancellation ends a procurement at any stage before the contract binds the participants.
CANCELLABLE = frozenset(LINE[: LINE.index(CONTRACT_SIGNED)])
CANCEL_REASONS = ("no_acceptable_tender", "requirements_not_met", "budget", "changed_needs", "other")

# Where each stage should have been reached, as a share of the lead time from the start of preparation to
# operation (seed 003 gives the lead time per category, not its split: this split is our estimate, with the
# requirements work and the competition period taking the largest parts).
PLANNED_SHARE: dict[str, float] = {
    PREPARATION: 0.0,
    REQUIREMENTS: 0.15,
    COMPETITION: 0.40,
    EVALUATION: 0.55,
    AWARD_RECOMMENDATION: 0.62,
    "quality_check": 0.64,
    "approval": 0.66,
    "award_decided": 0.70,
    "standstill": 0.71,
    CONTRACT_SIGNED: 0.74,
    "dpa_signed": 0.76,
    "delivered": 0.92,
    "in_operation": 1.0,
}

STAGE_LABELS = {
    DRAFT: _l("Draft"),
    PREPARATION: _l("Preparation"),
    REQUIREMENTS: _l("Requirements"),
    COMPETITION: _l("Competition"),
    EVALUATION: _l("Evaluation"),
    AWARD_RECOMMENDATION: _l("Award recommendation"),
    "quality_check": _l("Quality check"),
    "approval": _l("Approval"),
    "award_decided": _l("Award decided"),
    "standstill": _l("Standstill period"),
    CONTRACT_SIGNED: _l("Contract signed"),
    "dpa_signed": _l("Data processing agreement signed"),
    "delivered": _l("Delivered"),
    "in_operation": _l("In operation"),
    CANCELLED: _l("Cancelled"),
}
CANCEL_REASON_LABELS = {
    "no_acceptable_tender": _l("No acceptable tender"),
    "requirements_not_met": _l("No tender met the requirements"),
    "budget": _l("Budget"),
    "changed_needs": _l("The needs changed"),
    "other": _l("Other reason"),
}


def allowed(from_stage: str, to_stage: str) -> bool:
    return to_stage in TRANSITIONS.get(from_stage, ())


def reached(current: str, stage: str) -> bool:
    """Whether a procurement in ``current`` has reached ``stage`` on the main line (a cancelled one: no)."""
    return current in LINE and LINE.index(current) >= LINE.index(stage)


def ahead(current: str) -> str | None:
    """The next stage on the main line, if any."""
    following = [s for s in TRANSITIONS.get(current, ()) if s in LINE and LINE.index(s) > LINE.index(current)]
    return following[0] if following else None
