"""Matching jobs: after a need is submitted or changed, and nightly for every region.

Jobs take ids and run as the system; re-matching is idempotent (open proposals are
replaced, decided ones are kept), so running one twice changes nothing more.
"""

from __future__ import annotations

from sqlalchemy import select

from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import earliest_local_today
from samverka.platform.matching.loading import regions_of_need
from samverka.platform.matching.services import rematch_region
from samverka.tenants.models import Region

_SYSTEM = Principal.system("matching")


@task("match a changed need")
def match_need(need_id: int) -> int:
    """Re-match every region the need was submitted to; returns their open proposals."""
    return sum(
        rematch_region(db.session, _SYSTEM, rid, earliest_local_today()) for rid in regions_of_need(db.session, need_id)
    )


@task("match a region")
def match_region(region_id: int) -> int:
    """Re-match one region once, after a batch (the lead-time job, a contract import) submitted many needs to it."""
    return rematch_region(db.session, _SYSTEM, region_id, earliest_local_today())


@task("nightly matching")
def match_all_regions() -> int:
    """Every region, each in a transaction of its own: a region's audit event holds the audit chain's head
    until its transaction ends, and all other audited writes wait for it meanwhile."""
    session = db.session
    region_ids = session.scalars(select(Region.id).order_by(Region.id)).all()
    session.commit()
    found = 0
    for region_id in region_ids:
        found += rematch_region(session, _SYSTEM, region_id, earliest_local_today())
        session.commit()
    return found
