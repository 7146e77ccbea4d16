"""Pages of the region's requirement library: read by the region, kept in versions by its coordinator."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.requirements import labels
from samverka.platform.requirements.schemas import LibraryVersionSchema
from samverka.platform.requirements.services import library
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_region

bp = Blueprint("requirement_library", __name__, template_folder="templates")

TITLE_MESSAGE = _l("Write a title of 1 to 200 characters.")
TEXT_MESSAGE = _l("Write the requirement in 1 to 5,000 characters.")
VERSION_FORM = {name: TITLE_MESSAGE if name.startswith("title") else TEXT_MESSAGE for name in library.TEXT_FIELDS}


@bp.context_processor
def _labels() -> dict:
    return {
        "aspect_labels": labels.ASPECT_LABELS,
        "kind_labels": labels.KIND_LABELS,
        "language": library.current_language(),
    }


@bp.get("/regions/<int:region_id>/requirement-library")
@login_required
def library_page(region_id: int):
    principal = current_principal()
    rows = library.read_library(db.session, principal, region_id)
    region = access_region(db.session, principal, region_id, library.LIBRARY_READ)
    return render_template(
        "requirements/library.html",
        region=region,
        rows=rows,
        may_edit=principal.holds(perm.REGION_REQUIREMENTS_LIBRARY, region.id),
    )


@bp.post("/regions/<int:region_id>/requirement-library/defaults")
@login_required
def load_defaults(region_id: int):
    return act(
        lambda: library.load_default_library(db.session, current_principal(), region_id),
        done=lambda added: (
            ngettext(
                "%(num)s requirement was added to the library.",
                "%(num)s requirements were added to the library.",
                added,
            ),
            url_for(".library_page", region_id=region_id),
        ),
        refused=lambda refused: library_page(region_id),
    )


def _version_page(region_id: int, requirement_id: int, form: HtmlForm | None = None):
    principal = current_principal()
    region, versions = library.library_requirement(db.session, principal, region_id, requirement_id)
    current = versions[0]
    may_edit = principal.holds(perm.REGION_REQUIREMENTS_LIBRARY, region.id)
    return render_template(
        "requirements/library_requirement.html",
        region=region,
        current=current,
        versions=versions,
        may_edit=may_edit,
        form=form or HtmlForm(VERSION_FORM, {name: getattr(current, name) for name in library.TEXT_FIELDS}),
    )


@bp.get("/regions/<int:region_id>/requirement-library/<int:requirement_id>")
@login_required
def requirement_page(region_id: int, requirement_id: int):
    return _version_page(region_id, requirement_id)


@bp.post("/regions/<int:region_id>/requirement-library/<int:requirement_id>")
@login_required
def new_version(region_id: int, requirement_id: int):
    return submit_form(
        HtmlForm.submitted(VERSION_FORM),
        schema=LibraryVersionSchema(),
        change=lambda texts: library.new_version(db.session, current_principal(), region_id, requirement_id, texts),
        show=lambda form: _version_page(region_id, requirement_id, form),
        done=lambda row: (
            _("Version %(version)s of the requirement was saved.", version=row.version),
            url_for(".requirement_page", region_id=region_id, requirement_id=row.id),
        ),
    )
