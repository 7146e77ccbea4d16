"""How a list of needs is narrowed and ordered: by status, category, municipality and desired start quarter,
sorted by any of its columns, all in the database and paged by keyset like every list.

What a URL asks for is read leniently: a value that is not one of the choices is left out (and named, so
the page can say so), never an error, so an old or hand-edited link still shows a list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func
from sqlalchemy.orm import Session

from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.pagination import Order
from samverka.platform.needs.lifecycle import STATUSES
from samverka.platform.needs.models import Need
from samverka.tenants.models import Tenant

_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
# The columns a list may be sorted by; empty values sort as the smallest, so keyset paging never meets NULL.
SORTS = {
    "title": lambda: func.lower(Need.title),
    "municipality": lambda: Tenant.name,
    "category": lambda: Need.category,
    "start": lambda: func.coalesce(Need.desired_start, ""),
    "one_off": lambda: func.coalesce(Need.one_off_cost_minor, -1),
    "annual": lambda: func.coalesce(Need.annual_cost_minor, -1),
    "status": lambda: Need.status,
}
FILTERS = ("status", "category", "municipality", "quarter")


@dataclass(frozen=True)
class NeedListing:
    status: str | None = None
    category: str | None = None
    municipality: int | None = None  # a tenant id; only on a region's list
    quarter: str | None = None  # a desired start quarter, e.g. 2027-Q1
    sort: str | None = None  # one of SORTS; None: the list's own order (newest first)
    descending: bool = False
    ignored: tuple[str, ...] = field(default=())  # what the URL asked for that is not a choice

    @property
    def active(self) -> dict[str, str]:
        """The filters in force, as URL arguments (for the next page's link and the sort links)."""
        values = {name: getattr(self, name) for name in FILTERS}
        return {name: str(value) for name, value in values.items() if value is not None}


def _choice(args: Mapping[str, str], name: str, valid) -> tuple[str | None, bool]:
    value = args.get(name, "").strip()
    if not value:
        return None, False
    return (value, False) if valid(value) else (None, True)


def read_listing(args: Mapping[str, str], municipalities: set[int] | None = None) -> NeedListing:
    """The filters and order asked for in ``?status=&category=&municipality=&quarter=&sort=&order=``."""
    checks = {
        "status": lambda v: v in STATUSES,
        "category": lambda v: v in CATEGORIES,
        "municipality": lambda v: municipalities is not None and v.isdigit() and int(v) in municipalities,
        "quarter": lambda v: bool(_QUARTER.match(v)),
        "sort": lambda v: v in SORTS and (v != "municipality" or municipalities is not None),
        "order": lambda v: v in ("asc", "desc"),
    }
    read = {name: _choice(args, name, check) for name, check in checks.items()}
    ignored = tuple(name for name, (_value, bad) in read.items() if bad)
    values = {name: value for name, (value, _bad) in read.items()}
    municipality = values["municipality"]
    return NeedListing(
        status=values["status"],
        category=values["category"],
        municipality=int(municipality) if municipality else None,
        quarter=values["quarter"],
        sort=values["sort"],
        descending=values["order"] == "desc",
        ignored=ignored,
    )


def narrowed(stmt: Select, listing: NeedListing) -> Select:
    if listing.sort == "municipality":
        stmt = stmt.join(Tenant, Tenant.id == Need.tenant_id)
    if listing.status:
        stmt = stmt.where(Need.status == listing.status)
    if listing.category:
        stmt = stmt.where(Need.category == listing.category)
    if listing.municipality:
        stmt = stmt.where(Need.tenant_id == listing.municipality)
    if listing.quarter:
        stmt = stmt.where(Need.desired_start == listing.quarter)
    return stmt


def ordered(listing: NeedListing, default: tuple[Order, ...]) -> tuple[Order, ...]:
    """The list's order: the column asked for, then the id (unique, so pages never overlap)."""
    if listing.sort is None:
        return default
    return (Order(SORTS[listing.sort](), listing.descending), Order(Need.id, listing.descending))


def quarters_of(stmt: Select) -> Select:
    """The distinct desired start quarters the needs of ``stmt`` name."""
    return stmt.with_only_columns(Need.desired_start).where(Need.desired_start.is_not(None)).distinct().order_by(None)


def quarters(session: Session, stmt: Select, params: Mapping[str, int]) -> list[str]:
    """The quarters of ``quarters_of`` (built once, with its owner as a parameter), to choose from (one query)."""
    return sorted(session.scalars(stmt, params))
