"""The plain facts a procurement's open contracting data is built from: no entity, no person, no tender content.

``ocds.py`` builds the releases from these alone (pure functions); ``loading.py`` reads them from the
database. What is here is everything that may ever be published: names and organisation numbers of
organisations, the procurement's own title and description, CPV codes, amounts, and the days things
happened. Nobody's name, e-mail or id, no need's text, no tender's answers or scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Organisation:
    """A municipality or a supplier: its name, country (NO, SE) and organisation number (digits)."""

    name: str
    country: str
    number: str


@dataclass(frozen=True)
class Buyer:
    tenant_id: int
    organisation: Organisation
    budget_share_minor: int
    contract_share_minor: int | None = None


@dataclass(frozen=True)
class AwardFacts:
    decided_at: datetime
    supplier: Organisation
    value_minor: int | None


@dataclass(frozen=True)
class ContractFacts:
    title: str
    starts_on: date
    ends_on: date
    value_minor: int | None
    signed_at: datetime | None


@dataclass(frozen=True)
class DeliveredPaper:
    """One municipality's copy of a signed paper: which one, its format and when it was delivered."""

    tenant_id: int
    kind: str  # contract, dpa
    media_type: str
    delivered_at: datetime


@dataclass(frozen=True)
class DeliveryFacts:
    delivered_at: datetime
    papers: tuple[DeliveredPaper, ...] = ()


@dataclass(frozen=True)
class ProcurementFacts:
    """One published procurement, as far as it got."""

    id: int
    region_id: int
    region_name: str
    currency: str
    title: str
    description: str
    created_at: datetime
    published_at: datetime
    budget_minor: int
    buyers: tuple[Buyer, ...] = ()
    cpv_codes: tuple[str, ...] = ()
    # The first time each stage was entered (``competition``, ``cancelled``, ...).
    stage_entered: dict[str, datetime] = field(default_factory=dict)
    award: AwardFacts | None = None
    contract: ContractFacts | None = None
    delivery: DeliveryFacts | None = None
