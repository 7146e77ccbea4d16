"""The region's DPA template: every save is its next version, in bokmål and Swedish; none is overwritten.

Until the coordinator saves one, the platform's default (``signatures/data``) is what the page offers and
what the first DPA is drawn up from: drawing up saves it as the region's version 1, so every document
names a template version that exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Conflict, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.signatures.models import LANGUAGES, DpaTemplate
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on, require_on
from samverka.tenants.models import Region
from samverka.tenants.services.directory import access_region

DATA = Path(__file__).resolve().parents[1] / "data"
MAX_TEXT = 60_000
TEXT_NEEDED = _l("Write the agreement's text, at most 60000 characters.")


def default_text(language: str) -> str:
    return (DATA / f"dpa_template_{language}.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class TemplatePage:
    region: Region
    current: DpaTemplate | None  # None: the platform's default is offered
    versions: list[DpaTemplate]
    may_write: bool

    def text(self, language: str) -> str:
        return self.current.text(language) if self.current else default_text(language)


def current_template(session: Session, region_id: int) -> DpaTemplate | None:
    return session.scalar(
        select(DpaTemplate).where(DpaTemplate.region_id == region_id).order_by(DpaTemplate.version.desc()).limit(1)
    )


def template_page(session: Session, principal: Principal, region_id: int) -> TemplatePage:
    region = access_region(session, principal, region_id)
    versions = list(
        session.scalars(
            select(DpaTemplate).where(DpaTemplate.region_id == region.id).order_by(DpaTemplate.version.desc())
        )
    )
    return TemplatePage(
        region=region,
        current=versions[0] if versions else None,
        versions=versions,
        may_write=holds_on(principal, region, perm.REGION_DPA_TEMPLATE_WRITE),
    )


def save_template(session: Session, principal: Principal, region_id: int, *, text_nb: str, text_sv: str) -> DpaTemplate:
    region = access_region(session, principal, region_id)
    require_on(principal, region, perm.REGION_DPA_TEMPLATE_WRITE)
    texts = {"nb": text_nb.strip(), "sv": text_sv.strip()}
    for language in LANGUAGES:
        if not texts[language] or len(texts[language]) > MAX_TEXT:
            raise Refused.field(f"text_{language}", TEXT_NEEDED)
    return _add_version(session, principal, region.id, texts)


def template_for_drawing_up(session: Session, principal: Principal, region_id: int) -> DpaTemplate:
    """The region's current version; the platform's default saved as version 1 if it has none yet."""
    found = current_template(session, region_id)
    if found is not None:
        return found
    return _add_version(session, principal, region_id, {language: default_text(language) for language in LANGUAGES})


def _add_version(session: Session, principal: Principal, region_id: int, texts: dict) -> DpaTemplate:
    latest = session.scalar(select(func.max(DpaTemplate.version)).where(DpaTemplate.region_id == region_id))
    template = DpaTemplate(
        region_id=region_id,
        version=(latest or 0) + 1,
        text_nb=texts["nb"],
        text_sv=texts["sv"],
        created_by_id=principal.user_id,
    )
    session.add(template)
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict("dpa_template_version_taken", _l("Another version was saved meanwhile. Try again.")) from exc
    record(
        session, principal, "dpa.template.save", template, region_id=region_id, summary={"version": template.version}
    )
    return template
