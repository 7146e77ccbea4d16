"""Publishing a joint procurement as open contracting data, withdrawing it, and a municipality's OCDS.

Only the region's coordinator publishes (``region:procurements:publish``); a procurement of another
region is the same 404 as a missing one, and a refused change changes nothing. Both are audited.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.procurements.services import access_procurement
from samverka.platform.publication import public
from samverka.platform.publication.models import ProcurementPublication
from samverka.tenants import permissions as perm

ALREADY_PUBLISHED = _l("The procurement is already published.")
NOT_PUBLISHED = _l("The procurement is not published.")


def publication_of(session: Session, procurement: JointProcurement) -> ProcurementPublication | None:
    return session.scalar(select(ProcurementPublication).where(ProcurementPublication.procurement_id == procurement.id))


def publish(session: Session, principal: Principal, procurement_id: int) -> ProcurementPublication:
    """Mark the procurement public (again, after a withdrawal); 409 when it already is."""
    procurement = access_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_PUBLISH)
    publication = publication_of(session, procurement)
    if publication is not None and publication.withdrawn_at is None:
        raise Conflict("already_published", ALREADY_PUBLISHED)
    if publication is None:
        publication = ProcurementPublication(procurement_id=procurement.id, region_id=procurement.region_id)
        session.add(publication)
    publication.published_at, publication.withdrawn_at = utcnow(), None
    publication.published_by_id = principal.user_id
    record(session, principal, "procurement.published", procurement, region_id=procurement.region_id)
    return publication


def withdraw(session: Session, principal: Principal, procurement_id: int) -> ProcurementPublication:
    """Take the procurement out of the open data; 409 when it is not published."""
    procurement = access_procurement(session, principal, procurement_id, perm.REGION_PROCUREMENTS_PUBLISH)
    publication = publication_of(session, procurement)
    if publication is None or publication.withdrawn_at is not None:
        raise Conflict("not_published", NOT_PUBLISHED)
    publication.withdrawn_at = utcnow()
    record(session, principal, "procurement.publication_withdrawn", procurement, region_id=procurement.region_id)
    return publication


def ocds_for_tenant(session: Session, tenant_id: int) -> dict:
    """The release package of the published procurements the municipality took part in (for its export)."""
    with acting_as(session, Principal.system("open contracting data of a municipality's export")):
        stmt = (
            select(ProcurementPublication.procurement_id, ProcurementPublication.published_at)
            .where(
                ProcurementPublication.withdrawn_at.is_(None),
                ProcurementPublication.procurement_id.in_(
                    select(ProcurementNeed.procurement_id).where(ProcurementNeed.tenant_id == tenant_id)
                ),
            )
            .order_by(ProcurementPublication.published_at, ProcurementPublication.procurement_id)
        )
        published = [tuple(row) for row in session.execute(stmt)]
    return public.package_of(session, published, uri=public.tenant_uri(tenant_id))
