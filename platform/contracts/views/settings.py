"""Pages for importing a register from CSV (upload, then progress and report) and a region's lead times."""

from __future__ import annotations

import json

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.contracts.services import imports, lead_times
from samverka.platform.contracts.services.access import (
    Owner,
    access_import,
    owner_of,
    path_owner,
    require_write,
)
from samverka.platform.contracts.views.blueprint import bp
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import submitted_with_errors
from samverka.platform.needs.models.need import CATEGORIES
from samverka.platform.needs.services.access import RuleViolation
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import FORM_ERROR, HtmlForm
from samverka.tenants.services import directory

IMPORT_FORM = {"file": _l("Choose a CSV file, UTF-8, at most 2 MB.")}
LEAD_TIME_FORM = {category: _l("Enter a whole number of months from 0 to 120.") for category in CATEGORIES}


def _import_page(owner: Owner, form: HtmlForm, report: list | None = None, status: int = 200):
    require_write(current_principal(), owner)
    return render_template("contracts/import.html", owner=owner, form=form, report=report or []), status


# Both pages serve both kinds of register, under the endpoint names the links use.
@bp.get("/tenants/<int:tenant_id>/contracts/import", endpoint="tenant_import")
@bp.get("/regions/<int:region_id>/contracts/import", endpoint="region_import")
@login_required
def import_page(**path):
    return _import_page(path_owner(db.session, current_principal(), **path), HtmlForm(IMPORT_FORM))


@bp.post("/tenants/<int:tenant_id>/contracts/import", endpoint="upload_tenant_import")
@bp.post("/regions/<int:region_id>/contracts/import", endpoint="upload_region_import")
@login_required
def upload_import(**path):
    owner = path_owner(db.session, current_principal(), **path)
    form, upload = HtmlForm(IMPORT_FORM), request.files.get("file")
    if upload is None or not upload.filename:
        form.fail("file", IMPORT_FORM["file"])
        return _import_page(owner, form, status=UNPROCESSABLE)
    try:
        created = imports.create_import(db.session, current_principal(), owner, upload.filename, upload.read())
    except imports.ImportRefused as refused:
        db.session.rollback()
        form.fail(FORM_ERROR, _("The file was not imported: correct the lines below and upload it again."))
        return _import_page(owner, form, refused.report(), UNPROCESSABLE)
    return commit_and_redirect(
        _("The file was checked and is being imported."), ".contract_import", import_id=created.id
    )


@bp.get("/contract-imports/<int:import_id>")
@login_required
def contract_import(import_id: int):
    found = access_import(db.session, current_principal(), import_id)
    return render_template(
        "contracts/import_status.html",
        contract_import=found,
        owner=owner_of(db.session, found),
        report=json.loads(found.report),
    )


def _lead_times_page(region, form: HtmlForm, status: int = 200):
    may_edit = perm.has_permission(current_principal(), perm.REGION_SETTINGS_WRITE, region_id=region.id)
    return render_template("contracts/lead_times.html", region=region, form=form, may_edit=may_edit), status


@bp.get("/regions/<int:region_id>/lead-times")
@login_required
def lead_times_page(region_id: int):
    region = directory.access_region(db.session, current_principal(), region_id)
    months = lead_times.region_lead_months(db.session, region.id)
    return _lead_times_page(region, HtmlForm(LEAD_TIME_FORM, {k: str(v) for k, v in months.items()}))


@bp.post("/regions/<int:region_id>/lead-times")
@login_required
def save_lead_times(region_id: int):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    form = HtmlForm.submitted(LEAD_TIME_FORM)
    months = {name: int(value) if value.isdigit() else -1 for name, value in form.values.items()}
    try:
        lead_times.set_lead_times(db.session, principal, region, months)
    except RuleViolation as refused:
        db.session.rollback()
        return _lead_times_page(region, submitted_with_errors(form, refused.messages()), UNPROCESSABLE)
    return commit_and_redirect(_("The lead times were saved."), ".lead_times_page", region_id=region.id)
