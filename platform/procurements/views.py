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
from samverka.platform.core.routing import id_links
from samverka.platform.core.time import earliest_local_today
from samverka.platform.needs.labels import CATEGORY_LABELS, Translated
from samverka.platform.procurements import pages, panels, running, services, stage_page, value
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.procurements.schemas import (
    AnswerSchema,
    CancelSchema,
    InviteForm,
    ProcurementSchema,
    RestartSchema,
    StageTransitionSchema,
)
from samverka.platform.procurements.stages import (
    AWARD_RECOMMENDATION,
    CANCEL_REASON_LABELS,
    STAGE_LABELS,
    STAGES,
    reached,
)
from samverka.tenants import permissions as perm
from samverka.tenants.access import holds_on
from samverka.tenants.services.directory import access_region
from samverka.tenants.services.invitation_page import INVITATION_SECTIONS, InvitationSection

bp = Blueprint("procurements", __name__, template_folder="templates")

ANSWER_LABELS = {"pending": _l("Not answered"), "joined": _l("Joins"), "declined": _l("Declines")}
# Statuses as tags: an answer still awaited is information, never a success.
ANSWER_COLORS = {"pending": "info", "joined": "success", "declined": "neutral"}


@bp.context_processor
def _labels() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "answer_labels": ANSWER_LABELS,
        "answer_colors": ANSWER_COLORS,
        "procurement_status_labels": STAGE_LABELS,
        "stage_colors": stage_page.STAGE_COLORS,
        "cancel_reason_labels": CANCEL_REASON_LABELS,
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


STAGE_FORM = {"to": _l("Choose the stage to move to."), "expected": _l("Reload the page and try again.")}
CANCEL_FORM = {
    "reason": _l("Choose why the procurement is cancelled."),
    "text": _l("Say why, in at most 2000 characters (required for another reason)."),
    "expected": _l("Reload the page and try again."),
}
RESTART_FORM = {"title": _l("Enter a title, 3 to 200 characters, or leave it as it is.")}


def _list_page(region_id: int, form: HtmlForm):
    principal = current_principal()
    stage = request.args.get("stage") if request.args.get("stage") in STAGES else None
    participating = request.args.get("participating") == "1"
    # Held here, the region stays in the session's identity map: the services' access to it reads no row again.
    region = access_region(db.session, principal, region_id, perm.REGION_PROCUREMENTS_READ)
    found = services.list_procurements(
        db.session, principal, region_id, page_request(request.args), stage=stage, participating=participating
    )
    return render_template(
        "procurements/list.html",
        region=region,
        form=form,
        procurements=found,
        rows=stage_page.overview_rows(db.session, principal, region, list(found), earliest_local_today()),
        counts=stage_page.stage_counts(db.session, principal, region_id),
        stage=stage,
        participating=participating,
        may_filter_own=principal.holds_somewhere(perm.TENANT_JOIN_READ),
        may_write=holds_on(principal, region, perm.REGION_PROCUREMENTS_WRITE),
        # Once per page: a link for each row from one url_for, each stage's and category's name translated once.
        procurement_link=id_links("procurements.procurement", "procurement_id"),
        stage_labels=Translated(STAGE_LABELS),
        category_names=Translated(CATEGORY_LABELS),
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


def _proposed_reason() -> dict:
    """A reason another page proposes (the evaluation's "every tender was rejected"), if it is one."""
    reason = request.args.get("reason", "")
    return {"reason": reason} if reason in CANCEL_REASON_LABELS else {}


def _detail_page(procurement_id: int, form: HtmlForm | None = None, **stage_forms: HtmlForm):
    principal = current_principal()
    page = pages.procurement_page(db.session, principal, procurement_id)
    if form is None:
        form = HtmlForm(INVITE_FORM, {"tenant_ids": [str(m.tenant.id) for m in page.members if m.preselected]})
    return render_template(
        "procurements/detail.html",
        page=page,
        procurement=page.procurement,
        value=page.value,
        form=form,
        stage=stage_page.stage_panel(db.session, principal, page.procurement, earliest_local_today()),
        stage_form=stage_forms.get("stage_form") or HtmlForm(STAGE_FORM),
        cancel_form=stage_forms.get("cancel_form") or HtmlForm(CANCEL_FORM, _proposed_reason()),
        restart_form=stage_forms.get("restart_form") or HtmlForm(RESTART_FORM),
        sections=_sections(principal, page.procurement),
        panels=panels.rendered(db.session, principal, page.procurement),
    )


def _sections(principal, procurement: JointProcurement) -> list[tuple[str, str]]:
    """The procurement's own pages (team, documents, tenders, delivery) this person may read: (endpoint, label)."""
    offered = (
        # The team's way in: a partner user assigned to the team finds the sections from here.
        ("requirements.team_page", (perm.REGION_PROCUREMENTS_TEAM, perm.PROCUREMENT_READ), _("Team and sections")),
        ("documents.documents", perm.REGION_DOCUMENTS_READ, _("Documents")),
        ("tenders.tenders", perm.REGION_TENDERS_READ, _("Tenders and evaluation")),
        (
            "delivery.delivery_page",
            (perm.REGION_PROCUREMENTS_RUN, perm.REGION_PROCUREMENTS_GO_LIVE),
            _("Delivery and go-live"),
        ),
    )
    if reached(procurement.status, AWARD_RECOMMENDATION):
        offered += (("awards.award", perm.REGION_TENDERS_READ, _("Award")),)
    return [(endpoint, label) for endpoint, needed, label in offered if holds_on(principal, procurement, needed)]


def _stage_done(procurement: JointProcurement) -> tuple[str, str]:
    message = _("The procurement is now at the stage %(stage)s.", stage=STAGE_LABELS[procurement.status])
    return message, url_for(".procurement", procurement_id=procurement.id)


def _runnable(procurement_id: int) -> None:
    """Out of reach is a 404 (and readable but not the runner's a 403) before the form is read."""
    services.access_procurement(db.session, current_principal(), procurement_id, perm.REGION_PROCUREMENTS_RUN)


@bp.post("/procurements/<int:procurement_id>/transitions")
@login_required
def transition(procurement_id: int):
    _runnable(procurement_id)
    return submit_form(
        HtmlForm.submitted(STAGE_FORM),
        schema=StageTransitionSchema(),
        change=lambda data: running.advance(
            db.session, current_principal(), procurement_id, data["to"], data["expected"]
        ),
        show=lambda shown: _detail_page(procurement_id, stage_form=shown),
        done=_stage_done,
    )


@bp.post("/procurements/<int:procurement_id>/cancel")
@login_required
def cancel(procurement_id: int):
    _runnable(procurement_id)
    return submit_form(
        HtmlForm.submitted(CANCEL_FORM),
        schema=CancelSchema(),
        change=lambda data: running.cancel(
            db.session,
            current_principal(),
            procurement_id,
            reason=data["reason"],
            text=data["text"],
            expected_stage=data["expected"],
        ),
        show=lambda shown: _detail_page(procurement_id, cancel_form=shown),
        done=lambda cancelled: (
            _("The procurement was cancelled. The participants and the region's partners will be e-mailed."),
            url_for(".procurement", procurement_id=cancelled.id),
        ),
    )


@bp.post("/procurements/<int:procurement_id>/restart")
@login_required
def restart(procurement_id: int):
    _runnable(procurement_id)
    form = HtmlForm.submitted(RESTART_FORM)
    return submit_form(
        form,
        schema=RestartSchema(),
        payload={"title": form.values.get("title") or None},
        change=lambda data: running.restart(db.session, current_principal(), procurement_id, title=data["title"]),
        show=lambda shown: _detail_page(procurement_id, restart_form=shown),
        done=lambda restarted: (
            _("The procurement was restarted as a new one with the same needs."),
            url_for(".procurement", procurement_id=restarted.id),
        ),
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
