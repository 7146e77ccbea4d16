"""The life of a need, as data: which status may follow which, and who moves it.

A need for a procurement: draft → submitted (to one or more of the tenant's regions)
→ under consideration → joined (to a joint procurement), own procurement, or
withdrawn. An initiative, reported for information only so that work is not done
twice: draft → reported → closed. Nothing else is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    TENANT = "tenant"  # the need's own municipality, through its IT coordinator
    REGION = "region"  # the coordinator of a region the need was submitted to


DRAFT = "draft"
SUBMITTED = "submitted"
UNDER_CONSIDERATION = "under_consideration"
JOINED = "joined"
OWN_PROCUREMENT = "own_procurement"
WITHDRAWN = "withdrawn"
REPORTED = "reported"
CLOSED = "closed"

STATUSES = (DRAFT, SUBMITTED, UNDER_CONSIDERATION, JOINED, OWN_PROCUREMENT, WITHDRAWN, REPORTED, CLOSED)
# The content may still change; a change after the draft bumps the need's version.
EDITABLE = (DRAFT, SUBMITTED, UNDER_CONSIDERATION, REPORTED)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    by: frozenset[Side]
    initiative: bool = False  # True: the initiatives' lifecycle; False: the needs'

    @property
    def shares(self) -> bool:
        """Submitting or reporting names the regions that may read the need from then on."""
        return self.source == DRAFT


_TENANT = frozenset({Side.TENANT})
_REGION = frozenset({Side.REGION})

TRANSITIONS = (
    Transition("submit", DRAFT, SUBMITTED, _TENANT),
    Transition("consider", SUBMITTED, UNDER_CONSIDERATION, _REGION),
    # The region joins it when it founds a joint procurement; the tenant when it answers an invitation.
    Transition("join", UNDER_CONSIDERATION, JOINED, _REGION | _TENANT),
    Transition("own_procurement", SUBMITTED, OWN_PROCUREMENT, _TENANT),
    Transition("own_procurement", UNDER_CONSIDERATION, OWN_PROCUREMENT, _TENANT),
    Transition("withdraw", SUBMITTED, WITHDRAWN, _TENANT),
    Transition("withdraw", UNDER_CONSIDERATION, WITHDRAWN, _TENANT),
    Transition("report", DRAFT, REPORTED, _TENANT, initiative=True),
    Transition("close", REPORTED, CLOSED, _TENANT, initiative=True),
)
TRANSITION_NAMES = tuple(dict.fromkeys(t.name for t in TRANSITIONS))
# The steps a need's history records: its registration, each change, and each transition.
EVENT_ACTIONS = ("create", "update", *TRANSITION_NAMES)


def find(name: str, status: str, initiative: bool) -> Transition | None:
    """The transition called ``name`` out of ``status``, or None when it is not allowed."""
    return next((t for t in TRANSITIONS if t.name == name and t.source == status and t.initiative == initiative), None)


def available(status: str, initiative: bool, sides: set[Side]) -> list[Transition]:
    """What the given sides may do next with a need in ``status``."""
    return [t for t in TRANSITIONS if t.source == status and t.initiative == initiative and t.by & sides]


ENDINGS = (JOINED, OWN_PROCUREMENT, WITHDRAWN)


def route(status: str, initiative: bool) -> tuple[str, ...]:
    """The statuses on a need's way, for the step indicator: the ending it took, or else the usual one."""
    if initiative:
        return (DRAFT, REPORTED, CLOSED)
    return (DRAFT, SUBMITTED, UNDER_CONSIDERATION, status if status in ENDINGS else JOINED)
