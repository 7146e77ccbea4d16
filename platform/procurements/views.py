"""Pages for joint procurements (the region's coordinator) and invitations to join (the invited municipality).

Views translate HTTP into service calls and back; ``NotFound`` is a 404 and
``Forbidden`` a 403. Bad input re-shows the page with what to fix, status
422, and nothing is written; a change is committed and confirmed by redirect.
"""

from __future__ import annotations

from babel.lists import format_list
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.core.time import earliest_local_today
from samverka.platform.needs.labels import CATEGORY_LABELS
from samverka.platform.procurements import pages, services, value
from samverka.platform.procurements.schemas import AnswerSchema, InviteForm, ProcurementSchema
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.models import Region
from samverka.tenants.services.invitation_page import INVITATION_SECTIONS, InvitationSection

bp = Blueprint("procurements", __name__, template_folder="templates")

ANSWER_LABELS = {"pending": _l("Not answered"), "joined": _l("Joins"), "declined": _l("Declines")}
# Statuses as tags: an answer still awaited is information, never a success.
ANSWER_COLORS = {"pending": "info", "joined": "success", "declined": "neutral"}
PROCUREMENT_STATUS_LABELS = {"draft": _l("Draft")}


@bp.context_processor
def _labels() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "answer_labels": ANSWER_LABELS,
        "answer_colors": ANSWER_COLORS,
        "procurement_status_labels": PROCUREMENT_STATUS_LABELS,
    }


PROCUREMENT_FORM = {
    "title": _l("Enter a title, 3 to 200 characters."),
    "category": _l("Choose a category."),
    "description": _l("Write at most 5000 characters."),
}
INVITE_FORM = {
    "tenant_ids": _l("Choose one or more member municipalities."),
    "deadline": _l("Enter the deadline as a date, today or later, e.g. 31.01.2027."),
}
ANSWER_FORM = {
    "status": _l("Choose join or decline."),
    "need_id": _l("Choose one of your municipality's needs."),
    "new_need_title": _l("Enter the new need's title, 2 to 200 characters, or choose an existing need."),
    "comment": _l("Write at most 2000 characters."),
}


def _list_page(region_id: int, form: HtmlForm):
    principal = current_principal()
    procurements_found = services.list_procurements(db.session, principal, region_id, page_request(request.args))
    region = db.session.get(Region, region_id)
    return render_template(
        "procurements/list.html",
        region=region,
        form=form,
        procurements=procurements_found,
        may_write=holds_on(principal, region, perm.REGION_PROCUREMENTS_WRITE),
    )


@bp.get("/regions/<int:region_id>/procurements")
@login_required
def procurements(region_id: int):
    return _list_page(region_id, HtmlForm(PROCUREMENT_FORM))


@bp.post("/regions/<int:region_id>/procurements")
@login_required
def create_procurement(region_id: int):
    return submit_form(
        HtmlForm.submitted(PROCUREMENT_FORM),
        schema=ProcurementSchema(),
        change=lambda data: services.create_procurement(db.session, current_principal(), region_id, **data),
        show=lambda form: _list_page(region_id, form),
        done=lambda created: (
            _("The joint procurement %(title)s was created.", title=created.title),
            url_for(".procurement", procurement_id=created.id),
        ),
    )


def _detail_page(procurement_id: int, form: HtmlForm | None = None):
    page = pages.procurement_page(db.session, current_principal(), procurement_id)
    if form is None:
        form = HtmlForm(INVITE_FORM, {"tenant_ids": [str(m.tenant.id) for m in page.members if m.preselected]})
    return render_template(
        "procurements/detail.html",
        page=page,
        procurement=page.procurement,
        value=page.value,
        form=form,
        routine_steps=pages.ROUTINE_STEPS,
    )


@bp.get("/procurements/<int:procurement_id>")
@login_required
def procurement(procurement_id: int):
    return _detail_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/invitations")
@login_required
def invite(procurement_id: int):
    principal = current_principal()
    found = services.access_procurement(db.session, principal, procurement_id, perm.REGION_PROCUREMENTS_WRITE)
    return submit_form(
        HtmlForm.submitted(INVITE_FORM, lists=("tenant_ids",)),
        schema=InviteForm(),
        change=lambda data: _invite_chosen(principal, found, data),
        show=lambda form: _detail_page(procurement_id, form),
        done=lambda outcome: (_invited_message(outcome), url_for(".procurement", procurement_id=procurement_id)),
    )


def _invite_chosen(principal, found, data: dict) -> pages.InviteOutcome:
    """On the page, inviting nobody is a mistake to point out (the API reads "nobody chosen" as "everyone")."""
    if not data["tenant_ids"]:
        raise Refused.field("tenant_ids", INVITE_FORM["tenant_ids"])
    created = services.invite_tenants(db.session, principal, found, **data)
    return pages.invite_outcome(db.session, principal, found, data["tenant_ids"], created)


def _invited_message(outcome: pages.InviteOutcome) -> str:
    """Who was invited, whom the mail (sent after this answer) goes to, and where nobody can be told."""
    invited = [*outcome.mailed, *outcome.unreachable]
    if not invited:
        return _("No municipality was invited: those chosen were invited before.")
    sentences = [
        ngettext(
            "%(num)d municipality was invited: %(names)s.",
            "%(num)d municipalities were invited: %(names)s.",
            len(invited),
            names=_names(sorted(invited)),
        )
    ]
    if outcome.mailed:
        told = [
            _(
                "%(people)s for %(municipality)s",
                people=_names([f"{p.name} ({p.email})" for p in people]),
                municipality=m,
            )
            for m, people in outcome.mailed.items()
        ]
        sentences.append(_("The invitation will be e-mailed to %(recipients)s.", recipients="; ".join(told)))
    if outcome.unreachable:
        sentences.append(
            _(
                "Nobody can be e-mailed for %(names)s: no IT coordinator there has an account yet. "
                "Invite one with the link below.",
                names=_names(outcome.unreachable),
            )
        )
    if outcome.skipped:
        sentences.append(_("Invited before, so not invited again: %(names)s.", names=_names(outcome.skipped)))
    return " ".join(sentences)


def _names(names: list[str]) -> str:
    return format_list(names, locale=get_locale()) if names else ""


@bp.get("/join-invitations")
@login_required
def join_invitations():
    """The old list of invitations to join: now a section of the one "Invitations" page."""
    args = {f"join_{name}": value for name, value in request.args.items() if name in ("after", "size")}
    return redirect(url_for("tenants.invitations", **args, _anchor="join-invitations-heading"))


@INVITATION_SECTIONS.provide
def _join_section(session, principal, args) -> InvitationSection | None:
    """On the "Invitations" page, for those whose municipality may be invited to join."""
    if not principal.holds_somewhere(perm.TENANT_JOIN_READ):
        return None
    rows = services.my_join_invitations(session, principal, page_request(args, prefix="join_"))
    context = {"rows": rows, "today": earliest_local_today(), **_labels()}
    return InvitationSection("procurements/_join_invitations.html", context)


def _answer_page(join_invitation_id: int, form: HtmlForm):
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id)
    may_answer = holds_on(principal, invitation, perm.TENANT_JOIN_ANSWER)
    today = services.invitation_today(db.session, invitation)
    return render_template(
        "procurements/answer.html",
        invitation=invitation,
        form=form,
        today=today,
        needs=services.joinable_needs(db.session, invitation) if may_answer else [],
        may_answer=may_answer and invitation.is_open(today),
        value=value.invitation_value(db.session, principal, invitation),
    )


@bp.get("/join-invitations/<int:join_invitation_id>")
@login_required
def join_invitation(join_invitation_id: int):
    return _answer_page(join_invitation_id, HtmlForm(ANSWER_FORM))


@bp.post("/join-invitations/<int:join_invitation_id>")
@login_required
def answer(join_invitation_id: int):
    principal = current_principal()
    invitation = services.access_join_invitation(db.session, principal, join_invitation_id, perm.TENANT_JOIN_ANSWER)
    form = HtmlForm.submitted(ANSWER_FORM)
    return submit_form(
        form,
        schema=AnswerSchema(),
        # An empty choice or field means "none", not an invalid value.
        payload={name: typed for name, typed in form.values.items() if typed},
        change=lambda data: services.answer(db.session, principal, invitation, **data),
        show=lambda shown: _answer_page(join_invitation_id, shown),
        done=lambda _answered: (
            _("Your answer was saved."),
            url_for(".join_invitation", join_invitation_id=join_invitation_id),
        ),
    )
