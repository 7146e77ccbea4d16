"""Pages for importing a register from CSV (upload, then progress and report) and a region's lead times."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.contracts.services import imports, lead_times, sharing
from samverka.platform.contracts.services.access import CONTRACT_WRITE, Owner, access_import, owner_of, register_of
from samverka.platform.contracts.views.blueprint import bp
from samverka.platform.core.catalogue import CATEGORIES
from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import FORM_ERROR, HtmlForm, commit_and_redirect, submit_form
from samverka.platform.core.request import current_principal
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on

IMPORT_FORM = {"file": _l("Choose a CSV file, UTF-8, at most 2 MB.")}
LEAD_TIME_FORM = {category: _l("Enter a whole number of months from 0 to 120.") for category in CATEGORIES}


def _import_page(owner: Owner, form: HtmlForm, report: list | None = None):
    return render_template("contracts/import.html", owner=owner, form=form, report=report or [])


# Both pages serve both kinds of register, under the endpoint names the links use.
@bp.get("/tenants/<int:tenant_id>/contracts/import", endpoint="tenant_import")
@bp.get("/regions/<int:region_id>/contracts/import", endpoint="region_import")
@login_required
def import_page(**path):
    owner = register_of(db.session, current_principal(), permission=CONTRACT_WRITE, **path)
    return _import_page(owner, HtmlForm(IMPORT_FORM))


def _upload(owner: Owner):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refused.field("file", IMPORT_FORM["file"])
    return imports.create_import(db.session, current_principal(), owner, upload.filename, upload.read())


def _refused_upload(owner: Owner, form: HtmlForm):
    """The page again: what to fix next to the field, and for a file with bad lines, the report."""
    report = []
    if isinstance(refusal := form.refusal, imports.ImportRefused):
        form = HtmlForm(IMPORT_FORM)
        form.fail(FORM_ERROR, _("The file was not imported: correct the lines below and upload it again."))
        report = refusal.report()
    return _import_page(owner, form, report)


@bp.post("/tenants/<int:tenant_id>/contracts/import", endpoint="upload_tenant_import")
@bp.post("/regions/<int:region_id>/contracts/import", endpoint="upload_region_import")
@login_required
def upload_import(**path):
    owner = register_of(db.session, current_principal(), permission=CONTRACT_WRITE, **path)
    return submit_form(
        HtmlForm(IMPORT_FORM),
        change=lambda _typed: _upload(owner),
        show=lambda form: _refused_upload(owner, form),
        done=lambda created: (
            _("The file was checked and is being imported."),
            url_for(".contract_import", import_id=created.id),
        ),
    )


@bp.get("/contract-imports/<int:import_id>")
@login_required
def contract_import(import_id: int):
    found = access_import(db.session, current_principal(), import_id)
    return render_template(
        "contracts/import_status.html",
        contract_import=found,
        owner=owner_of(db.session, found),
        report=found.problems(),
        created=imports.created_by(db.session, found),
    )


def _lead_times_page(region, form: HtmlForm):
    may_edit = holds_on(current_principal(), region, perm.REGION_SETTINGS_WRITE)
    return render_template("contracts/lead_times.html", region=region, form=form, may_edit=may_edit)


@bp.get("/regions/<int:region_id>/lead-times")
@login_required
def lead_times_page(region_id: int):
    region = lead_times.lead_times_region(db.session, current_principal(), region_id)
    months = lead_times.region_lead_months(db.session, region.id)
    return _lead_times_page(region, HtmlForm(LEAD_TIME_FORM, {k: str(v) for k, v in months.items()}))


@bp.post("/regions/<int:region_id>/lead-times")
@login_required
def save_lead_times(region_id: int):
    principal = current_principal()
    region = lead_times.lead_times_region(db.session, principal, region_id)
    form = HtmlForm.submitted(LEAD_TIME_FORM)
    months = {name: int(value) if value.isdigit() else -1 for name, value in form.values.items()}
    return submit_form(
        form,
        change=lambda _typed: lead_times.set_lead_times(db.session, principal, region_id, months),
        show=lambda shown: _lead_times_page(region, shown),
        done=lambda _saved: (_("The lead times were saved."), url_for(".lead_times_page", region_id=region_id)),
    )


@bp.get("/tenants/<int:tenant_id>/contracts/settings")
@login_required
def tenant_settings_page(tenant_id: int):
    principal = current_principal()
    tenant, enabled = sharing.contract_settings(db.session, principal, tenant_id)
    may_edit = holds_on(principal, tenant, perm.TENANT_CONTRACTS_WRITE)
    return render_template("contracts/tenant_settings.html", tenant=tenant, enabled=enabled, may_edit=may_edit)


@bp.post("/tenants/<int:tenant_id>/contracts/settings")
@login_required
def save_tenant_settings(tenant_id: int):
    enabled = request.form.get("auto_submit_reprocurements") == "on"
    sharing.set_auto_submit(db.session, current_principal(), tenant_id, enabled)
    message = (
        _("Re-procurement needs will be submitted to the regions automatically.")
        if enabled
        else _("Re-procurement needs will stay drafts until you submit them.")
    )
    return commit_and_redirect(message, ".tenant_settings_page", tenant_id=tenant_id)
