"""The operator's table of procurement thresholds: read by everyone, written by the platform operator.

Everyone reads thresholds as lists and comparisons; a threshold by id exists only as the
operator's resource to change (``access_threshold``), so for anyone else it is a 404.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Forbidden, NotFound, Refused
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.thresholds.models import Threshold
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, require

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "thresholds.json"
DUPLICATE = _l("There is already a threshold of this kind for this country and year: change that one instead.")


def operator_thresholds(session: Session, principal: Principal) -> list[Threshold]:
    """The operator's table (403 for anyone else)."""
    require(principal, perm.PLATFORM_OPERATE)
    return list_thresholds(session)


def list_thresholds(session: Session) -> list[Threshold]:
    """Every threshold, newest year first, per country."""
    stmt = select(Threshold).order_by(Threshold.country, Threshold.year.desc(), Threshold.kind)
    return list(session.scalars(stmt))


def access_threshold(
    session: Session, principal: Principal, threshold_id: int, permission: Permission = perm.PLATFORM_THRESHOLDS_MANAGE
) -> Threshold:
    """A threshold to change; for anyone who may not change thresholds it does not exist (see above)."""
    try:
        return access(session, principal, Threshold, threshold_id, permission)
    except Forbidden:
        raise NotFound() from None


def _refuse_duplicate(session: Session, country: str, year: int, kind: str, own_id: int | None = None) -> None:
    stmt = select(Threshold.id).where(Threshold.country == country, Threshold.year == year, Threshold.kind == kind)
    if any(found != own_id for found in session.scalars(stmt)):
        raise Refused.field("year", DUPLICATE)


def _summary(threshold: Threshold) -> dict:
    return {
        "country": threshold.country,
        "year": threshold.year,
        "kind": threshold.kind,
        "amount_minor": threshold.amount_minor,
        "currency": threshold.currency,
    }


def create_threshold(
    session: Session,
    principal: Principal,
    *,
    country: str,
    year: int,
    kind: str,
    amount_minor: int,
    note: str = "",
    source_url: str = "",
) -> Threshold:
    require(principal, perm.PLATFORM_THRESHOLDS_MANAGE)
    _refuse_duplicate(session, country, year, kind)
    threshold = Threshold(
        country=country, year=year, kind=kind, amount_minor=amount_minor, note=note, source_url=source_url
    )
    session.add(threshold)
    session.flush()
    record(session, principal, "threshold.create", threshold, summary=_summary(threshold))
    return threshold


def update_threshold(
    session: Session,
    principal: Principal,
    threshold: Threshold,
    *,
    country: str,
    year: int,
    kind: str,
    amount_minor: int,
    note: str = "",
    source_url: str = "",
) -> Threshold:
    require(principal, perm.PLATFORM_THRESHOLDS_MANAGE)
    _refuse_duplicate(session, country, year, kind, own_id=threshold.id)
    before = _summary(threshold)
    threshold.country, threshold.year, threshold.kind, threshold.amount_minor = country, year, kind, amount_minor
    threshold.note, threshold.source_url, threshold.updated_at = note, source_url, utcnow()
    session.flush()
    record(session, principal, "threshold.update", threshold, summary={"before": before, "after": _summary(threshold)})
    return threshold


def delete_threshold(session: Session, principal: Principal, threshold: Threshold) -> None:
    require(principal, perm.PLATFORM_THRESHOLDS_MANAGE)
    record(session, principal, "threshold.delete", threshold, summary=_summary(threshold))
    session.delete(threshold)
    session.flush()


def seed_thresholds(session: Session, principal: Principal | None = None) -> int:
    """Load ``data/thresholds.json``: rows not there yet are added, existing ones are left as the operator set them.

    Idempotent; returns how many rows were added. Runs as the system unless a principal is given.
    """
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["thresholds"]
    with acting_as(session, principal or Principal.system("seed thresholds")) as actor:
        existing = {(t.country, t.year, t.kind) for t in list_thresholds(session)}
        missing = [row for row in rows if (row["country"], row["year"], row["kind"]) not in existing]
        for row in missing:
            create_threshold(
                session,
                actor,
                country=row["country"],
                year=row["year"],
                kind=row["kind"],
                amount_minor=row["amount"] * 100,
                note=row["note"],
                source_url=row["source_url"],
            )
        session.flush()  # the audit events too, while still acting as the seeding principal
    return len(missing)
