"""The procurement page's part about publication: whether it is published, and the coordinator's buttons
(registered by the app factory, ``procurements.panels``)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.publication import ocds, public, services
from samverka.tenants import permissions as perm


def publication_panel(session: Session, principal: Principal, procurement: JointProcurement) -> Markup | None:
    publication = services.publication_of(session, procurement)
    published = publication is not None and publication.withdrawn_at is None
    may_publish = principal.holds(perm.REGION_PROCUREMENTS_PUBLISH, procurement.region_id)
    if not (published or may_publish):
        return None
    html = render_template(
        "publication/_procurement_panel.html",
        procurement=procurement,
        publication=publication,
        published=published,
        may_publish=may_publish,
        ocid=ocds.ocid(public.prefix(), procurement.id),
    )
    return Markup(html)
