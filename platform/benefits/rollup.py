"""The region's benefit roll-up: per delivered procurement and year, what each participating municipality
planned to realise and what it measured, per kind of value (money, hours, counts), and who has not reported.

Nothing is stored for it: planned comes from each line's target (``periods.planned_in``), realised from the
measurements of the year's periods. A page of delivered procurements is read in the database (the latest
delivery first) and everything it shows in a fixed number of queries for the whole page, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import Bundle, Session

from samverka.platform.benefits import periods as p
from samverka.platform.benefits.models import BenefitMeasurement
from samverka.platform.core.pagination import FIRST_PAGE, MAX_SIZE, Order, Page, PageRequest, decode_cursor, paginate
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import CURRENCY_COUNTRIES, local_date, local_today
from samverka.platform.delivery.models import Delivery
from samverka.platform.needs.models import BenefitLine, BenefitPlan
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region

KINDS = (p.MONEY, p.HOURS, p.COUNT)
ZERO = Decimal("0.00")
PERCENT = Decimal("1")


@dataclass(frozen=True)
class Figures:
    """Planned against realised of one kind of value; money in the region's currency (major units)."""

    planned: Decimal = ZERO
    realised: Decimal = ZERO

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.planned + other.planned, self.realised + other.realised)

    @property
    def share(self) -> Decimal | None:
        """The realised share of what was planned, in whole per cent; None when nothing was planned."""
        return (self.realised * 100 / self.planned).quantize(PERCENT) if self.planned else None


@dataclass(frozen=True)
class MissingPeriod:
    line: str  # the benefit line's description
    start: date
    end: date


@dataclass(frozen=True)
class MunicipalityRollup:
    tenant_id: int
    name: str
    figures: dict[str, Figures]  # by kind, every kind of KINDS
    missing: tuple[MissingPeriod, ...]


@dataclass(frozen=True)
class ProcurementRollup:
    id: int
    title: str
    delivered_on: date
    kinds: tuple[str, ...]  # the kinds some line of the procurement measures
    municipalities: tuple[MunicipalityRollup, ...]

    @property
    def totals(self) -> dict[str, Figures]:
        return {kind: sum((m.figures[kind] for m in self.municipalities), Figures()) for kind in KINDS}


@dataclass(frozen=True)
class NotReported:
    procurement_id: int
    procurement_title: str
    tenant_name: str
    missing: tuple[MissingPeriod, ...]


@dataclass(frozen=True)
class Rollup:
    region: Region
    year: int
    today: date
    procurements: Page[ProcurementRollup]

    @property
    def currency(self) -> str:
        return self.region.currency

    @property
    def not_reported(self) -> list[NotReported]:
        return [
            NotReported(r.id, r.title, m.name, m.missing)
            for r in self.procurements
            for m in r.municipalities
            if m.missing
        ]


@dataclass
class _Loaded:
    """What the page's queries found, keyed for the arithmetic."""

    titles: dict[int, str]
    participants: dict[int, set[tuple[int, int]]]  # procurement id: {(need id, tenant id)}
    lines: dict[int, list]  # need id: its lines (the columns of LINE_COLUMNS)
    names: dict[int, str]
    measured: dict[int, dict[date, Decimal | None]]  # line id: the amount (None: a score) of each period measured


def rollup(
    session: Session, principal: Principal, region_id: int, year: int | None = None, page: PageRequest = FIRST_PAGE
) -> Rollup:
    region = access_region(session, principal, region_id, perm.REGION_BENEFITS_READ)
    country = CURRENCY_COUNTRIES[region.currency]
    today = local_today(country)
    year = year or today.year
    deliveries = _deliveries(session, region.id, year, page)
    loaded = _load(session, [d.procurement_id for d in deliveries], year)
    # Follow-up starts on the day of the delivery in the region's country, as the municipality's own page counts it.
    rows = [_procurement(d, local_date(d.delivered_at, country), loaded, year, today) for d in deliveries]
    return Rollup(region, year, today, Page(rows, deliveries.next_after))


# What the roll-up reads of a delivery (not the model: nothing else of it is shown).
DELIVERED = Bundle("delivery", Delivery.procurement_id, Delivery.delivered_at)


def _deliveries(session: Session, region_id: int, year: int, page: PageRequest) -> Page:
    """The region's procurements delivered by the end of ``year``: only they have benefits in follow-up then."""
    stmt = select(DELIVERED).where(Delivery.region_id == region_id, Delivery.delivered_at < datetime(year + 1, 1, 1))
    return paginate(session, stmt, (Order(Delivery.delivered_at, True), Order(Delivery.id, True)), page)


def offered_years(session: Session, found: Rollup) -> tuple[int, ...]:
    """The years the page offers: from the first delivery's year to this year, the newest first (the API and the
    exports answer for one year and do not read them)."""
    first = session.scalar(select(func.min(Delivery.delivered_at)).where(Delivery.region_id == found.region.id))
    return tuple(range(found.today.year, (first.year if first else found.today.year) - 1, -1))


# What the arithmetic reads of a line: plain columns, not the model (no identity map for numbers read once).
LINE_COLUMNS = (
    BenefitLine.id,
    BenefitLine.description,
    BenefitLine.benefit_type,
    BenefitLine.value_kind,
    BenefitLine.target_value,
    BenefitLine.target_date,
    BenefitLine.follow_up_period,
    BenefitLine.follow_up_status,
)

# Each procurement's participating needs, their lines with the year's measurements (periods are calendar-aligned:
# the year's start in it) and the municipality's name where the person may read it. Outer joins, so that a
# procurement, a need, a line or a name the person may not read still has its row; the guard filters each table
# in its join's condition. A need in two procurements of the page brings its lines once per participation.
PAGE_LINES = (
    select(
        JointProcurement.id.label("procurement_id"),
        JointProcurement.title,
        ProcurementNeed.need_id,
        ProcurementNeed.tenant_id,
        Tenant.name,
        *LINE_COLUMNS,
        BenefitMeasurement.period_start,
        BenefitMeasurement.amount,
    )
    .outerjoin(ProcurementNeed, ProcurementNeed.procurement_id == JointProcurement.id)
    .outerjoin(Tenant, Tenant.id == ProcurementNeed.tenant_id)
    .outerjoin(BenefitPlan, BenefitPlan.need_id == ProcurementNeed.need_id)
    .outerjoin(BenefitLine, BenefitLine.plan_id == BenefitPlan.id)
    .outerjoin(
        BenefitMeasurement,
        and_(
            BenefitMeasurement.line_id == BenefitLine.id,
            BenefitMeasurement.period_start.between(bindparam("first_day"), bindparam("last_day")),
        ),
    )
    .where(JointProcurement.id.in_(bindparam("procurement_ids", expanding=True)))
    .order_by(BenefitLine.id)
)


def _load(session: Session, procurement_ids: list[int], year: int) -> _Loaded:
    """The page's titles, participants, their lines and the year's measurements, and the names: one query for the
    page (and the system's for a name the person may not read); an empty page reads nothing."""
    loaded = _Loaded({}, defaultdict(set), defaultdict(list), {}, defaultdict(dict))
    if not procurement_ids:
        return loaded
    days = {"first_day": date(year, 1, 1), "last_day": date(year, 12, 31)}
    for row in session.execute(PAGE_LINES, {"procurement_ids": procurement_ids, **days}):
        loaded.titles[row.procurement_id] = row.title
        if row.tenant_id is None:  # a procurement without participants
            continue
        loaded.participants[row.procurement_id].add((row.need_id, row.tenant_id))
        if row.name is not None:
            loaded.names[row.tenant_id] = row.name
        if row.id is not None:
            _add_line(loaded, row)
    tenant_ids = {tenant for found in loaded.participants.values() for _need, tenant in found}
    loaded.names = _names(session, tenant_ids, loaded.names)
    return loaded


def _add_line(loaded: _Loaded, row) -> None:
    """A row's line (once, however many rows bring it) and its measurement, if any."""
    if row.id not in loaded.measured:
        loaded.measured[row.id] = {}
        loaded.lines[row.need_id].append(row)
    if row.period_start is not None:
        loaded.measured[row.id][row.period_start] = row.amount


def _names(session: Session, tenant_ids: set[int], visible: dict[int, str] | None = None) -> dict[int, str]:
    """A municipality's name is no secret. Read as the person where they may (a coordinator sees the members),
    unless ``visible`` has them already (the page's query joins them); the rest as the system, since a
    participant may since have left: switching to the system's connection and back is three statements more,
    which the members' names no longer pay."""
    query = select(Tenant.id, Tenant.name)
    if visible is None:
        visible = dict(session.execute(query.where(Tenant.id.in_(tenant_ids))).all())
    names = dict(visible)
    hidden = tenant_ids - names.keys()
    if hidden:
        with acting_as(session, Principal.system("the participants' names in the region's benefit roll-up")):
            names |= dict(session.execute(query.where(Tenant.id.in_(hidden))).all())
    return names


def _procurement(delivery, start: date, loaded: _Loaded, year: int, today: date) -> ProcurementRollup:
    by_tenant: dict[int, list] = defaultdict(list)
    for need_id, tenant_id in loaded.participants.get(delivery.procurement_id, ()):
        by_tenant[tenant_id].extend(loaded.lines.get(need_id, ()))
    municipalities = sorted(
        (_municipality(tenant_id, lines, loaded, start, year, today) for tenant_id, lines in by_tenant.items()),
        key=lambda m: m.name,
    )
    kinds = {p.value_kind(line) for lines in by_tenant.values() for line in lines}
    return ProcurementRollup(
        delivery.procurement_id,
        loaded.titles[delivery.procurement_id],
        start,
        tuple(kind for kind in KINDS if kind in kinds),
        tuple(municipalities),
    )


def _municipality(tenant_id: int, lines: list, loaded: _Loaded, start: date, year: int, today: date):
    figures = {kind: Figures() for kind in KINDS}
    missing: list[MissingPeriod] = []
    for line in lines:
        measured = loaded.measured[line.id]
        kind = p.value_kind(line)
        if kind in figures:
            figures[kind] += _figures(line, measured, start, year)
        if line.follow_up_status != p.DROPPED:
            missing += _missing(line, measured, start, year, today)
    return MunicipalityRollup(tenant_id, loaded.names[tenant_id], figures, tuple(missing))


def _figures(line, measured: dict, start: date, year: int) -> Figures:
    """A dropped line's plan no longer counts; what it realised before it was dropped does."""
    realised = sum((Decimal(amount) for amount in measured.values() if amount is not None), ZERO)
    if line.follow_up_status == p.DROPPED:
        return Figures(ZERO, realised)
    return Figures(p.planned_in(line, start, date(year, 1, 1), date(year, 12, 31)) or ZERO, realised)


def _missing(line, measured: dict, start: date, year: int, today: date) -> list[MissingPeriod]:
    """The year's periods that are due and have no measurement."""
    return [
        MissingPeriod(line.description, period.start, period.end)
        for period in _due_periods(line.follow_up_period, start, year, today)
        if period.start not in measured
    ]


@lru_cache(maxsize=1024)
def _due_periods(kind: str, start: date, year: int, today: date) -> tuple[p.Period, ...]:
    """The year's periods of ``kind`` in follow-up from ``start`` that are due (ended before today): the same for
    every line of a kind of a procurement, so worked out once (dates only). Periods are calendar-aligned, so the
    year's first is the one of its first day in follow-up (not every period since the delivery)."""
    periods = p.periods(kind, max(start, date(year, 1, 1)), min(today, date(year, 12, 31)))
    return tuple(period for period in periods if p.due_on(period) <= today)


def whole_rollup(session: Session, principal: Principal, region_id: int, year: int | None = None) -> Rollup:
    """Every delivered procurement at once, for the exports: read page by page, each page in the same queries."""
    found = rollup(session, principal, region_id, year, PageRequest(size=MAX_SIZE))
    rows = list(found.procurements)
    while found.procurements.next_after:
        after = decode_cursor(found.procurements.next_after)
        found = rollup(session, principal, region_id, found.year, PageRequest(after, MAX_SIZE))
        rows += found.procurements
    return Rollup(found.region, found.year, found.today, Page(rows, None))
