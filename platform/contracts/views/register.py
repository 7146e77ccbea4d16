"""Pages for a register's contracts: list (sortable), new, detail, edit and delete.

Views translate HTTP into service calls and back: a contract or register out of
reach is a 404 before any form is read; a role that may not write is a 403. Bad
input re-shows the form with what to fix, status 422, and nothing is written.
"""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.contracts.forms import CONTRACT_FORM, contract_form_values, form_values, show_errors
from samverka.platform.contracts.services import contracts
from samverka.platform.contracts.services.access import (
    Owner,
    access_contract,
    may_write,
    owner_of,
    path_owner,
    require_write,
)
from samverka.platform.contracts.views.blueprint import bp
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.services.access import RuleViolation
from samverka.platform.procurements.services import member_tenants
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants.forms import HtmlForm


# Each page serves both kinds of register under the endpoint names the links use: the path names a
# municipality's register or a region's.
@bp.get("/tenants/<int:tenant_id>/contracts", endpoint="tenant_contracts")
@bp.get("/regions/<int:region_id>/contracts", endpoint="region_contracts")
@login_required
def register_page(**path):
    principal = current_principal()
    owner = path_owner(db.session, principal, **path)
    sort = request.args.get("sort", "reprocurement")
    rows = contracts.list_contracts(db.session, principal, owner, sort)
    return render_template(
        "contracts/list.html", owner=owner, rows=rows, sort=sort, may_write=may_write(principal, owner)
    )


def _form_page(form: HtmlForm, owner: Owner, contract=None, status: int = 200):
    members = member_tenants(db.session, current_principal(), owner.region.id) if owner.region else []
    return render_template("contracts/form.html", form=form, owner=owner, contract=contract, members=members), status


@bp.get("/tenants/<int:tenant_id>/contracts/new", endpoint="new_tenant_contract")
@bp.get("/regions/<int:region_id>/contracts/new", endpoint="new_region_contract")
@login_required
def new_contract(**path):
    owner = path_owner(db.session, current_principal(), **path)
    require_write(current_principal(), owner)
    defaults = {"supplier_country": owner.tenant.country if owner.tenant else "NO"}
    return _form_page(HtmlForm(CONTRACT_FORM, defaults), owner)


@bp.post("/tenants/<int:tenant_id>/contracts", endpoint="create_tenant_contract")
@bp.post("/regions/<int:region_id>/contracts", endpoint="create_region_contract")
@login_required
def create_contract(**path):
    owner = path_owner(db.session, current_principal(), **path)
    form = HtmlForm.submitted(CONTRACT_FORM, lists=("participant_ids",))
    try:
        contract = contracts.create_contract(db.session, current_principal(), owner, form_values(form))
    except RuleViolation as refused:
        db.session.rollback()
        return _form_page(show_errors(form, refused.messages()), owner, status=UNPROCESSABLE)
    return commit_and_redirect(
        _("The contract %(title)s was registered.", title=contract.title), ".contract", contract_id=contract.id
    )


@bp.get("/contracts/<int:contract_id>")
@login_required
def contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner = owner_of(db.session, found)
    members = {t.id: t.name for t in member_tenants(db.session, principal, owner.region.id)} if owner.region else {}
    return render_template(
        "contracts/detail.html",
        status=contracts.status_of(db.session, found),
        owner=owner,
        may_write=may_write(principal, owner),
        members=members,
    )


@bp.get("/contracts/<int:contract_id>/edit")
@login_required
def edit_contract(contract_id: int):
    found = access_contract(db.session, current_principal(), contract_id)
    owner = owner_of(db.session, found)
    require_write(current_principal(), owner)
    return _form_page(HtmlForm(CONTRACT_FORM, contract_form_values(found)), owner, found)


@bp.post("/contracts/<int:contract_id>/edit")
@login_required
def update_contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner = owner_of(db.session, found)
    form = HtmlForm.submitted(CONTRACT_FORM, lists=("participant_ids",))
    try:
        contracts.update_contract(db.session, principal, found, form_values(form))
    except RuleViolation as refused:
        db.session.rollback()
        return _form_page(show_errors(form, refused.messages()), owner, found, UNPROCESSABLE)
    return commit_and_redirect(_("Your changes were saved."), ".contract", contract_id=contract_id)


@bp.post("/contracts/<int:contract_id>/delete")
@login_required
def delete_contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner, title = owner_of(db.session, found), found.title
    contracts.delete_contract(db.session, principal, found)
    return commit_and_redirect(
        _("The contract %(title)s was deleted.", title=title),
        ".tenant_contracts" if owner.tenant else ".region_contracts",
        **owner.scope,
    )
