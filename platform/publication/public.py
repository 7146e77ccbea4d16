"""What anyone reads, signed in or not: the published procurements and their OCDS packages.

A procurement is published while its publication row has no ``withdrawn_at``; the row's read rule lets
anyone see exactly those, so the lists below are read with the caller's own principal. The facts of
the ones found are then read as the system (``loading.py``). Lists are pages of the database, by
page number, so that each package can link its ``next`` and ``prev`` (the OCDS package's ``links``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.core.errors import NotFound
from samverka.platform.core.schemas import MAX_ID
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.publication import ocds, packages
from samverka.platform.publication.loading import READER, load_facts
from samverka.platform.publication.models import ProcurementPublication
from samverka.tenants.models import Region

PUBLISHED = ProcurementPublication.withdrawn_at.is_(None)


@dataclass(frozen=True)
class Listing:
    """One page of published procurements: (procurement id, published at), and whether more follow."""

    published: list[tuple[int, datetime]]
    page: int
    has_next: bool
    region_id: int | None = None


def _base() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/")


def prefix() -> str:
    return current_app.config["OCDS_OCID_PREFIX"]


def procurement_uri(the_ocid: str, kind: str) -> str:
    return f"{_base()}/ocds/procurements/{the_ocid}/{kind}.json"


def tenant_uri(tenant_id: int) -> str:
    return f"{_base()}/ocds/releases.json#tenant-{tenant_id}"


def list_uri(kind: str, page: int, region_id: int | None) -> str:
    query = {"page": page, **({"region": region_id} if region_id else {})}
    return f"{_base()}/ocds/{kind}.json?{urlencode(query)}"


def find_published(session: Session, the_ocid: str) -> tuple[int, datetime]:
    """(procurement id, published at) of a published procurement's ocid; anything else is a 404."""
    number = the_ocid.removeprefix(f"{prefix()}-")
    if number == the_ocid or not number.isdigit() or not 1 <= int(number) <= MAX_ID:
        raise NotFound()
    stmt = select(ProcurementPublication.published_at).where(
        ProcurementPublication.procurement_id == int(number), PUBLISHED
    )
    published_at = session.scalar(stmt)
    if published_at is None:
        raise NotFound()
    return int(number), published_at


def listing(session: Session, page: int, region_id: int | None = None) -> Listing:
    size = current_app.config["OCDS_PAGE_SIZE"]
    stmt = select(ProcurementPublication.procurement_id, ProcurementPublication.published_at).where(PUBLISHED)
    if region_id is not None:
        stmt = stmt.where(ProcurementPublication.region_id == region_id)
    stmt = stmt.order_by(ProcurementPublication.published_at, ProcurementPublication.procurement_id)
    rows = [tuple(row) for row in session.execute(stmt.limit(size + 1).offset((page - 1) * size))]
    return Listing(rows[:size], page, len(rows) > size, region_id)


def regions(session: Session) -> list[tuple[int, str]]:
    """The regions that publish something, by name (for the page's filter); read as anyone may."""
    with_published = select(ProcurementPublication.region_id).where(PUBLISHED).scalar_subquery()
    with acting_as(session, Principal.system(READER)):
        stmt = select(Region.id, Region.name).where(Region.id.in_(with_published))
        return [tuple(row) for row in session.execute(stmt.order_by(Region.name, Region.id))]


@dataclass(frozen=True)
class Row:
    """A published procurement as the public page lists it."""

    ocid: str
    title: str
    region_name: str
    published_at: datetime


def rows(session: Session, found: Listing) -> list[Row]:
    """The page's procurements with their titles and regions (two columns each, read as the system)."""
    ids = [procurement_id for procurement_id, _ in found.published]
    with acting_as(session, Principal.system(READER)):
        stmt = (
            select(JointProcurement.id, JointProcurement.title, Region.name)
            .join(Region, Region.id == JointProcurement.region_id)
            .where(JointProcurement.id.in_(ids))
        )
        heads = {pid: (title, region) for pid, title, region in session.execute(stmt)}
    return [Row(ocds.ocid(prefix(), pid), *heads[pid], at) for pid, at in found.published if pid in heads]


def _published_date(published: list[tuple[int, datetime]], releases: list[dict]) -> str:
    moments = [ocds.timestamp(at) for _, at in published] + [r["date"] for r in releases]
    return max(moments) if moments else ocds.timestamp(utcnow().date())


def _links(kind: str, found: Listing) -> dict:
    links = {}
    if found.has_next:
        links["next"] = list_uri(kind, found.page + 1, found.region_id)
    if found.page > 1:
        links["prev"] = list_uri(kind, found.page - 1, found.region_id)
    return links


def package_of(session: Session, published: list[tuple[int, datetime]], *, uri: str, links=None) -> dict:
    """The release package of the given published procurements."""
    releases = [r for facts in load_facts(session, published) for r in ocds.releases(facts, prefix())]
    return packages.release_package(
        releases,
        uri=uri,
        publisher=current_app.config["OCDS_PUBLISHER"],
        published_date=_published_date(published, releases),
        links=links,
    )


def records_of(session: Session, published: list[tuple[int, datetime]], *, uri: str, links=None) -> dict:
    """The record package of the given published procurements: each one's record, its releases compiled."""
    records, every_release = [], []
    for facts in load_facts(session, published):
        the_ocid = ocds.ocid(prefix(), facts.id)
        releases = ocds.releases(facts, prefix())
        every_release += releases
        records.append(packages.record(the_ocid, releases, procurement_uri(the_ocid, "releases")))
    return packages.record_package(
        records,
        uri=uri,
        publisher=current_app.config["OCDS_PUBLISHER"],
        published_date=_published_date(published, every_release),
        links=links,
    )


def procurement_package(session: Session, the_ocid: str, kind: str) -> dict:
    """``releases`` or ``record``: the package of one published procurement."""
    published = [find_published(session, the_ocid)]
    build = package_of if kind == "releases" else records_of
    return build(session, published, uri=procurement_uri(the_ocid, kind))


def list_package(session: Session, kind: str, page: int, region_id: int | None) -> dict:
    """``releases`` or ``records``: one page of every published procurement's package."""
    found = listing(session, page, region_id)
    # A record package holds one record at least; past the last page there is nothing to serve.
    if not found.published and (kind == "records" or page > 1):
        raise NotFound()
    build = package_of if kind == "releases" else records_of
    return build(session, found.published, uri=list_uri(kind, page, region_id), links=_links(kind, found))
