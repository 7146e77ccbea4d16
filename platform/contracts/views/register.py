"""Pages for a register's contracts: list (sortable), new, detail, edit and delete.

Views translate HTTP into service calls and back: a contract or register out of reach is a
404 before any form is read; a role that may not write is a 403. Every form goes through
``submit_form``: bad input re-shows it with what to fix (422) and nothing is written.
"""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.contracts.forms import CONTRACT_FORM, FORM_FIELDS, contract_form_values, form_values
from samverka.platform.contracts.services import contracts
from samverka.platform.contracts.services.access import (
    CONTRACT_WRITE,
    Owner,
    access_contract,
    may_write,
    owner_of,
    register_of,
)
from samverka.platform.contracts.views.blueprint import bp
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.routing import id_links
from samverka.tenants.services.directory import member_tenants


# Each page serves both kinds of register under the endpoint names the links use: the path names a
# municipality's register or a region's.
@bp.get("/tenants/<int:tenant_id>/contracts", endpoint="tenant_contracts")
@bp.get("/regions/<int:region_id>/contracts", endpoint="region_contracts")
@login_required
def register_page(**path):
    principal = current_principal()
    owner = register_of(db.session, principal, **path)
    sort = request.args.get("sort", "reprocurement")
    rows = contracts.list_contracts(db.session, owner, sort, page_request(request.args))
    return render_template(
        "contracts/list.html",
        owner=owner,
        rows=rows,
        sort=sort,
        may_write=may_write(principal, owner),
        # The list and its chart link every contract: url_for asked once, not twice a row.
        contract_link=id_links(".contract", "contract_id"),
    )


def _form_page(form: HtmlForm, owner: Owner, contract=None):
    members = member_tenants(db.session, owner.region.id) if owner.region else []
    return render_template("contracts/form.html", form=form, owner=owner, contract=contract, members=members)


@bp.get("/tenants/<int:tenant_id>/contracts/new", endpoint="new_tenant_contract")
@bp.get("/regions/<int:region_id>/contracts/new", endpoint="new_region_contract")
@login_required
def new_contract(**path):
    owner = register_of(db.session, current_principal(), permission=CONTRACT_WRITE, **path)
    defaults = {"supplier_country": owner.tenant.country if owner.tenant else "NO"}
    return _form_page(HtmlForm(CONTRACT_FORM, defaults), owner)


@bp.post("/tenants/<int:tenant_id>/contracts", endpoint="create_tenant_contract")
@bp.post("/regions/<int:region_id>/contracts", endpoint="create_region_contract")
@login_required
def create_contract(**path):
    principal = current_principal()
    owner = register_of(db.session, principal, **path)
    form = _form()
    return submit_form(
        form,
        change=lambda _typed: contracts.create_contract(db.session, principal, owner, form_values(form)),
        show=lambda shown: _form_page(shown, owner),
        shown_as=FORM_FIELDS,
        done=lambda contract: (
            _("The contract %(title)s was registered.", title=contract.title),
            url_for(".contract", contract_id=contract.id),
        ),
    )


def _form() -> HtmlForm:
    return HtmlForm.submitted(CONTRACT_FORM, lists=("participant_ids",))


@bp.get("/contracts/<int:contract_id>")
@login_required
def contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner = owner_of(db.session, found)
    members = {t.id: t.name for t in member_tenants(db.session, owner.region.id)} if owner.region else {}
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
    found = access_contract(db.session, current_principal(), contract_id, CONTRACT_WRITE)
    return _form_page(HtmlForm(CONTRACT_FORM, contract_form_values(found)), owner_of(db.session, found), found)


@bp.post("/contracts/<int:contract_id>/edit")
@login_required
def update_contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner = owner_of(db.session, found)
    form = _form()
    return submit_form(
        form,
        change=lambda _typed: contracts.update_contract(db.session, principal, found, form_values(form)),
        show=lambda shown: _form_page(shown, owner, found),
        shown_as=FORM_FIELDS,
        done=lambda _updated: (_("Your changes were saved."), url_for(".contract", contract_id=contract_id)),
    )


@bp.post("/contracts/<int:contract_id>/delete")
@login_required
def delete_contract(contract_id: int):
    principal = current_principal()
    found = access_contract(db.session, principal, contract_id)
    owner, title = owner_of(db.session, found), found.title
    endpoint = ".tenant_contracts" if owner.tenant else ".region_contracts"
    return act(
        lambda: contracts.delete_contract(db.session, principal, found),
        done=lambda _deleted: (_("The contract %(title)s was deleted.", title=title), url_for(endpoint, **owner.scope)),
        refused=lambda refused: _form_page(HtmlForm(CONTRACT_FORM).refuse(refused), owner, found),
    )
