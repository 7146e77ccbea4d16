"""The region's requirement library, in versions: a change adds the next version, the old ones stay."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.requirements.defaults import DEFAULT_LIBRARY
from samverka.platform.requirements.models import LANGUAGES, LibraryRequirement
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_region

LIBRARY_READ = (perm.REGION_PROCUREMENTS_READ, perm.REGION_PROCUREMENTS_TEAM)
TEXT_FIELDS = tuple(f"{part}_{language}" for part in ("title", "text") for language in LANGUAGES)


def current_language() -> str:
    """The request's language for the library's texts (bokmål, Swedish or English); English outside a request."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale is not None and locale.language in LANGUAGES else "en"


def current_library(session: Session, region_id: int) -> list[LibraryRequirement]:
    """The highest version of each requirement still in force, security first by aspect and level."""
    return list(session.scalars(_CURRENT, {"region_id": region_id}))


def _current():
    """The statement of the region bound as ``region_id``: built once (each gate check of competition reads it)."""
    region_id = bindparam("region_id")
    latest = (
        select(LibraryRequirement.key, func.max(LibraryRequirement.version).label("version"))
        .where(LibraryRequirement.region_id == region_id)
        .group_by(LibraryRequirement.key)
        .subquery()
    )
    return (
        select(LibraryRequirement)
        .join(latest, (LibraryRequirement.key == latest.c.key) & (LibraryRequirement.version == latest.c.version))
        .where(LibraryRequirement.region_id == region_id, LibraryRequirement.withdrawn.is_(False))
        .order_by(LibraryRequirement.kind.desc(), LibraryRequirement.aspect, LibraryRequirement.level)
    )


_CURRENT = _current()


def read_library(session: Session, principal: Principal, region_id: int) -> list[LibraryRequirement]:
    region = access_region(session, principal, region_id, LIBRARY_READ)
    return current_library(session, region.id)


def load_default_library(session: Session, principal: Principal, region_id: int) -> int:
    """Give a region with an empty library the default one (version 1 of each); how many were added."""
    region = access_region(session, principal, region_id, perm.REGION_REQUIREMENTS_LIBRARY)
    if current_library(session, region.id):
        return 0
    for key, kind, aspect, level, texts in DEFAULT_LIBRARY:
        row = LibraryRequirement(region_id=region.id, key=key, kind=kind, aspect=aspect, level=level)
        for language, (title, text) in texts.items():
            setattr(row, f"title_{language}", title)
            setattr(row, f"text_{language}", text)
        row.created_by_id = principal.user_id
        session.add(row)
    record(session, principal, "library.load_default", region, region_id=region.id)
    return len(DEFAULT_LIBRARY)


def new_version(
    session: Session, principal: Principal, region_id: int, requirement_id: int, texts: dict
) -> LibraryRequirement:
    """The next version of the requirement that ``requirement_id`` is a version of, with new texts.

    Kind, aspect and level stay the requirement's: a different level is a different requirement.
    """
    region = access_region(session, principal, region_id, perm.REGION_REQUIREMENTS_LIBRARY)
    named = session.get(LibraryRequirement, requirement_id)
    if named is None or named.region_id != region.id:
        raise NotFound()
    key = named.key
    previous = next((row for row in current_library(session, region.id) if row.key == key), None)
    if previous is None:
        raise NotFound()
    _check_texts(texts)
    row = LibraryRequirement(
        region_id=region.id,
        key=key,
        version=previous.version + 1,
        kind=previous.kind,
        aspect=previous.aspect,
        level=previous.level,
        created_by_id=principal.user_id,
        **{name: texts[name].strip() for name in TEXT_FIELDS},
    )
    session.add(row)
    record(session, principal, "library.version", row, region_id=region.id, summary={"key": key})
    return row


def _check_texts(texts: dict) -> None:
    errors = {}
    for name in TEXT_FIELDS:
        value = (texts.get(name) or "").strip()
        limit = 200 if name.startswith("title") else 5000
        if not value or len(value) > limit:
            errors[name] = [_l("Write 1 to %(limit)s characters.", limit=limit)]
    if errors:
        raise Refused(errors)


def library_requirement(session: Session, principal: Principal, region_id: int, requirement_id: int):
    """One version of the region's library and every version of the same requirement, the newest first."""
    region = access_region(session, principal, region_id, LIBRARY_READ)
    found = session.get(LibraryRequirement, requirement_id)
    if found is None or found.region_id != region.id:
        raise NotFound()
    stmt = (
        select(LibraryRequirement)
        .where(LibraryRequirement.region_id == region.id, LibraryRequirement.key == found.key)
        .order_by(LibraryRequirement.version.desc())
    )
    return region, list(session.scalars(stmt))
