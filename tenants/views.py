"""Pages for regions, tenants, partner organisations, users, roles and invitations.

Views translate HTTP into service calls and back; the services check permissions (and the
e-ID level some of them ask for) and the tenancy guard hides other tenants' rows. Every
form goes through ``submit_form``: bad input re-shows the page with what to fix (422) and
nothing is written; a change is committed and followed by a redirect.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.request import current_principal
from samverka.tenants import permissions as perm
from samverka.tenants.access import steps_up_for
from samverka.tenants.forms import (
    COORDINATOR_FORM,
    INVITATION_FORM,
    PARTNER_FORM,
    REGION_FORM,
    ROLE_FORM,
    TENANT_FORM,
)
from samverka.tenants.labels import ROLE_LABELS
from samverka.tenants.roles import Role
from samverka.tenants.schemas import InvitationSchema, PartnerSchema, RegionSchema, RoleChangeSchema, TenantSchema
from samverka.tenants.services import directory, invitation_decisions, invitation_page, pages, roles
from samverka.tenants.services import invitations as invitation_service
from samverka.tenants.services.invitations import create_invitation

bp = Blueprint("tenants", __name__, template_folder="templates")


# --- Operator: regions and tenants -------------------------------------------------------------


def _operator_regions_page(form: HtmlForm):
    regions = pages.operator_regions(db.session, current_principal())
    page_url = url_for(".operator_regions")
    return render_template("tenants/operator_regions.html", regions=regions, form=form, page_url=page_url)


@bp.get("/operator/regions")
@login_required
def operator_regions():
    return _operator_regions_page(HtmlForm(REGION_FORM, {"currency": "NOK"}))


@bp.post("/operator/regions")
@login_required
@steps_up_for(perm.PLATFORM_REGIONS_MANAGE)
def create_region():
    return submit_form(
        HtmlForm.submitted(REGION_FORM),
        schema=RegionSchema(),
        change=lambda data: directory.create_region(db.session, current_principal(), **data),
        show=_operator_regions_page,
        done=lambda region: (
            _("The region %(name)s was created.", name=region.name),
            url_for(".operator_regions"),
        ),
    )


def _operator_tenants_page(form: HtmlForm):
    tenants, regions = pages.operator_tenants(db.session, current_principal())
    page_url = url_for(".operator_tenants")
    return render_template(
        "tenants/operator_tenants.html", form=form, page_url=page_url, tenants=tenants, regions=regions
    )


@bp.get("/operator/tenants")
@login_required
def operator_tenants():
    return _operator_tenants_page(HtmlForm(TENANT_FORM, {"country": "NO"}))


@bp.post("/operator/tenants")
@login_required
@steps_up_for(perm.PLATFORM_TENANTS_MANAGE)
def create_tenant():
    return submit_form(
        HtmlForm.submitted(TENANT_FORM, lists=("region_ids",)),
        schema=TenantSchema(),
        change=lambda data: directory.create_tenant(db.session, current_principal(), **data),
        show=_operator_tenants_page,
        done=lambda tenant: (
            _("The municipality %(name)s was created.", name=tenant.name),
            url_for(".operator_tenants"),
        ),
    )


@bp.post("/operator/regions/<int:region_id>/coordinators")
@login_required
@steps_up_for(perm.PLATFORM_INVITE_COORDINATOR)
def invite_coordinator(region_id: int):
    form = HtmlForm.submitted(COORDINATOR_FORM)
    return submit_form(
        form,
        schema=InvitationSchema(),
        payload={**form.values, "role": Role.COORDINATOR.value, "scope_id": region_id},
        change=lambda data: _invite_coordinator(data),
        show=lambda shown: _region_page(region_id, coordinator_form=shown),
        done=lambda invitation: _invited(invitation, region_id),
    )


# --- Regions: partners and invitations ---------------------------------------------------------


def _region_page(region_id: int, **forms: HtmlForm):
    page = pages.region_page(db.session, current_principal(), region_id)
    blank = {
        "partner_form": HtmlForm(PARTNER_FORM),
        "invite_form": HtmlForm(INVITATION_FORM),
        "coordinator_form": HtmlForm(COORDINATOR_FORM),
    }
    page_url = url_for(".region", region_id=region_id)
    return render_template("tenants/region.html", page=page, page_url=page_url, **{**blank, **forms})


@bp.get("/regions/<int:region_id>")
@login_required
def region(region_id: int):
    """``?appointment=<role>:<scope id>`` chooses the role in the invite form (a link saying whom to invite)."""
    appointment = request.args.get("appointment", "")
    if appointment:
        return _region_page(region_id, invite_form=HtmlForm(INVITATION_FORM, {"appointment": appointment}))
    return _region_page(region_id)


@bp.post("/regions/<int:region_id>/partners")
@login_required
def add_partner(region_id: int):
    return submit_form(
        HtmlForm.submitted(PARTNER_FORM),
        schema=PartnerSchema(),
        change=lambda data: directory.create_partner(db.session, current_principal(), region_id, **data),
        show=lambda form: _region_page(region_id, partner_form=form),
        done=lambda partner: (
            _("%(name)s was added as a partner organisation.", name=partner.name),
            url_for(".region", region_id=region_id),
        ),
    )


@bp.post("/partners/<int:partner_id>/recipient")
@login_required
def partner_recipient(partner_id: int):
    """Mark a partner as receiving the signed papers of each delivery, or no longer (the region's coordinator)."""
    partner = directory.access_partner(db.session, current_principal(), partner_id, perm.REGION_PARTNERS_MANAGE)
    receives = request.form.get("receives_signed_papers") == "true"
    return act(
        lambda: directory.mark_recipient(db.session, current_principal(), partner.id, receives),
        done=lambda marked: (
            _("%(name)s receives the signed papers of each delivery.", name=marked.name)
            if marked.receives_signed_papers
            else _("%(name)s no longer receives the signed papers.", name=marked.name),
            url_for(".region", region_id=marked.region_id),
        ),
        refused=lambda refused: _region_page(partner.region_id),
    )


@bp.post("/regions/<int:region_id>/invitations")
@login_required
def invite(region_id: int):
    """Invite someone to one of the roles the region's page offers (a tenant, the region or a partner)."""
    choices = pages.invitation_choices(db.session, current_principal(), region_id)
    form = HtmlForm.submitted(INVITATION_FORM)
    choice = choices.get(form.values.get("appointment"))
    payload = {key: form.values[key] for key in ("name", "email", "invitee_identity_number") if form.values.get(key)}
    if choice is not None:
        payload.update(role=choice.role.value, scope_id=choice.scope_id)
    return submit_form(
        form,
        schema=InvitationSchema(),
        payload=payload,
        shown_as={"role": "appointment", "scope_id": "appointment"},
        change=lambda data: _invite(data),
        show=lambda shown: _region_page(region_id, invite_form=shown),
        done=lambda invitation: _invited(invitation, region_id),
    )


def _invite(data: dict):
    return create_invitation(
        db.session,
        current_principal(),
        email=data["email"],
        name=data["name"],
        role=Role(data["role"]),
        scope_id=data["scope_id"],
        invitee_identity_number=data.get("invitee_identity_number"),
    )


def _invite_coordinator(data: dict):
    return invitation_service.invite_coordinator(
        db.session, current_principal(), email=data["email"], name=data["name"], region_id=data["scope_id"]
    )


def _invited(invitation, region_id: int) -> tuple[str, str]:
    message = _("An invitation is on its way to %(email)s.", email=invitation.email)
    return message, url_for(".region", region_id=region_id)


# --- Tenants: users and roles ------------------------------------------------------------------


def _tenant_page(tenant_id: int, **forms: HtmlForm):
    page = pages.tenant_page(db.session, current_principal(), tenant_id)
    blank = {"role_form": HtmlForm(ROLE_FORM), "revoke_form": HtmlForm(ROLE_FORM)}
    page_url = url_for(".tenant", tenant_id=tenant_id)
    return render_template("tenants/tenant.html", page=page, page_url=page_url, **{**blank, **forms})


@bp.get("/tenants/<int:tenant_id>")
@login_required
def tenant(tenant_id: int):
    return _tenant_page(tenant_id)


@bp.post("/tenants/<int:tenant_id>/roles")
@login_required
def grant_role(tenant_id: int):
    return submit_form(
        HtmlForm.submitted(ROLE_FORM),
        schema=RoleChangeSchema(),
        change=lambda data: roles.grant_tenant_role(
            db.session, current_principal(), tenant_id=tenant_id, user_id=data["user_id"], role=Role(data["role"])
        ),
        show=lambda form: _tenant_page(tenant_id, role_form=form),
        done=lambda held: (
            _("%(name)s now holds the role %(role)s.", name=held.user_name, role=_role_label(held.role)),
            url_for(".tenant", tenant_id=tenant_id),
        ),
    )


@bp.post("/tenants/<int:tenant_id>/roles/revoke")
@login_required
def revoke_role(tenant_id: int):
    return submit_form(
        HtmlForm.submitted(ROLE_FORM),
        schema=RoleChangeSchema(),
        change=lambda data: roles.revoke_tenant_role(
            db.session, current_principal(), tenant_id=tenant_id, user_id=data["user_id"], role=Role(data["role"])
        ),
        show=lambda form: _tenant_page(tenant_id, revoke_form=form),
        done=lambda role: (
            _("The role %(role)s was removed.", role=_role_label(role)),
            url_for(".tenant", tenant_id=tenant_id),
        ),
    )


def _role_label(role: str) -> str:
    return str(ROLE_LABELS[Role(role)])


# --- Invitations -------------------------------------------------------------------------------


DECISION_FORM = {"status": _l("This invitation is not waiting for a confirmation.")}


@bp.get("/invitations/<token>/accepted")
@login_required
def invitation_accepted(token: str):
    acceptance = invitation_decisions.my_acceptance(db.session, current_principal(), token)
    return render_template("tenants/invitation_accepted.html", acceptance=acceptance)


@bp.post("/invitations/<int:invitation_id>/confirm", endpoint="confirm_invitation")
@bp.post("/invitations/<int:invitation_id>/reject", endpoint="reject_invitation")
@login_required
def decide_invitation(invitation_id: int):
    confirm = request.endpoint.endswith("confirm_invitation")
    return act(
        lambda: invitation_decisions.decide(db.session, current_principal(), invitation_id, confirm=confirm),
        done=lambda decided: (
            _("%(name)s now holds the role.", name=decided.accepted_by_name)
            if confirm
            else _("The invitation was rejected; nobody got its role."),
            url_for(".invitations"),
        ),
        refused=lambda refused: invitations_page(refused),
    )


def invitations_page(refused=None):
    page = invitation_page.invitations_page(db.session, current_principal(), request.args)
    form = HtmlForm(DECISION_FORM).refuse(refused) if refused is not None else HtmlForm(DECISION_FORM)
    return render_template("tenants/invitations.html", page=page, form=form)


@bp.get("/invitations")
@login_required
def invitations():
    return invitations_page()
