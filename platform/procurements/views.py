"""Pages for joint procurements (the region's coordinator) and invitations to join (the invited municipality).

Views translate HTTP into service calls and back; ``NotFoundError`` is a 404 and
``PermissionDenied`` a 403. Bad input re-shows the page with what to fix, status
422, and nothing is written; a change is committed and confirmed by redirect.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.labels import CATEGORY_LABELS
from samverka.platform.procurements import services
from samverka.platform.procurements.schemas import AnswerSchema, InviteSchema, ProcurementSchema
from samverka.platform.thresholds.services import aggregate
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory

bp = Blueprint("procurements", __name__, template_folder="templates")

ANSWER_LABELS = {"pending": _l("Not answered"), "joined": _l("Joins"), "declined": _l("Declines")}
PROCUREMENT_STATUS_LABELS = {"draft": _l("Draft")}


@bp.context_processor
def _labels() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "answer_labels": ANSWER_LABELS,
        "procurement_status_labels": PROCUREMENT_STATUS_LABELS,
    }


PROCUREMENT_FORM = {
    "title": _l("Enter a title, 3 to 200 characters."),
    "category": _l("Choose a category."),
    "description": _l("Write at most 5000 characters."),
}
INVITE_FORM = {
    "tenant_ids": _l("Choose one or more member municipalities."),
    "deadline": _l("Enter the deadline as a date, today or later, e.g. 2027-01-31."),
}
ANSWER_FORM = {
    "status": _l("Choose join or decline."),
    "need_id": _l("Choose one of your municipality's needs."),
    "new_need_title": _l("Enter the new need's title, 2 to 200 characters, or choose an existing need."),
    "comment": _l("Write at most 2000 characters."),
}


def _list_page(region_id: int, form: HtmlForm, status: int = 200):
    principal = current_principal()
    region = directory.access_region(db.session, principal, region_id)
    return render_template(
        "procurements/list.html",
        region=region,
        form=form,
        procurements=services.list_procurements(db.session, principal, region_id),
        may_write=perm.has_permission(principal, perm.REGION_PROCUREMENTS_WRITE, region_id=region_id),
    ), status


@bp.get("/regions/<int:region_id>/procurements")
@login_required
def procurements(region_id: int):
    return _list_page(region_id, HtmlForm(PROCUREMENT_FORM))


@bp.post("/regions/<int:region_id>/procurements")
@login_required
def create_procurement(region_id: int):
    directory.access_region(db.session, current_principal(), region_id)
    form = HtmlForm.submitted(PROCUREMENT_FORM)
    data = form.load(ProcurementSchema())
    if data is None:
        return _list_page(region_id, form, UNPROCESSABLE)
    created = services.create_procurement(db.session, current_principal(), region_id, **data)
    return commit_and_redirect(
        _("The joint procurement %(title)s was created.", title=created.title),
        ".procurement",
        procurement_id=created.id,
    )


def _detail_page(procurement_id: int, form: HtmlForm, status: int = 200):
    principal = current_principal()
    procurement = services.access_procurement(db.session, principal, procurement_id)
    may_write = perm.has_permission(principal, perm.REGION_PROCUREMENTS_WRITE, region_id=procurement.region_id)
    invited = services.answers(db.session, principal, procurement) if may_write else []
    members = services.member_tenants(db.session, principal, procurement.region_id) if may_write else []
    return render_template(
        "procurements/detail.html",
        procurement=procurement,
        may_write=may_write,
        needs=services.procurement_needs(db.session, principal, procurement),
        invitations=invited,
        members=members,
        form=form,
        value=aggregate.procurement_value(db.session, principal, procurement),
        tenant_names={t.id: t.name for t in members},
    ), status


@bp.get("/procurements/<int:procurement_id>")
@login_required
def procurement(procurement_id: int):
    principal = current_principal()
    procurement_row = services.access_procurement(db.session, principal, procurement_id)
    everyone = [str(t.id) for t in services.member_tenants(db.session, principal, procurement_row.region_id)]
    return _detail_page(procurement_id, HtmlForm(INVITE_FORM, {"tenant_ids": everyone}))


@bp.post("/procurements/<int:procurement_id>/invitations")
@login_required
def invite(procurement_id: int):
    principal = current_principal()
    procurement_row = services.access_procurement(db.session, principal, procurement_id)
    form = HtmlForm.submitted(INVITE_FORM, lists=("tenant_ids",))
    data = form.load(InviteSchema())
    if data is not None and not data["tenant_ids"]:
        form.fail("tenant_ids", INVITE_FORM["tenant_ids"])
        data = None
    if data is None:
        return _detail_page(procurement_id, form, UNPROCESSABLE)
    created = services.invite_tenants(db.session, principal, procurement_row, **data)
    return commit_and_redirect(
        _("%(count)d municipalities were invited.", count=len(created)), ".procurement", procurement_id=procurement_id
    )


@bp.get("/join-invitations")
@login_required
def join_invitations():
    rows = services.my_join_invitations(db.session, current_principal())
    return render_template("procurements/join_invitations.html", rows=rows, today=services.today())


def _answer_page(join_invitation_id: int, form: HtmlForm, status: int = 200):
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id)
    may_answer = perm.has_permission(principal, perm.TENANT_JOIN_ANSWER, tenant_id=invitation.tenant_id)
    needs = services.joinable_needs(db.session, principal, invitation) if may_answer else []
    return render_template(
        "procurements/answer.html",
        invitation=invitation,
        form=form,
        today=services.today(),
        needs=needs,
        may_answer=may_answer and invitation.is_open(services.today()),
        value=aggregate.invitation_value(db.session, principal, invitation),
    ), status


@bp.get("/join-invitations/<int:join_invitation_id>")
@login_required
def join_invitation(join_invitation_id: int):
    return _answer_page(join_invitation_id, HtmlForm(ANSWER_FORM))


@bp.post("/join-invitations/<int:join_invitation_id>")
@login_required
def answer(join_invitation_id: int):
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id)
    form = HtmlForm.submitted(ANSWER_FORM)
    # An empty choice or field means "none", not an invalid value.
    data = form.load(AnswerSchema(), {name: value for name, value in form.values.items() if value})
    if data is None:
        return _answer_page(join_invitation_id, form, UNPROCESSABLE)
    try:
        services.answer(db.session, principal, invitation, **data)
    except services.AnswerRefused as refused:
        db.session.rollback()
        form.fail(refused.field if refused.field in ANSWER_FORM else "status", str(refused.message))
        return _answer_page(join_invitation_id, form, UNPROCESSABLE)
    return commit_and_redirect(_("Your answer was saved."), ".join_invitation", join_invitation_id=join_invitation_id)
