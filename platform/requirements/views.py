"""Pages of a joint procurement's team and sections, its requirements and its risk assessment.

Views translate HTTP into service calls and back: a procurement out of reach is a 404, an action one may
not take a 403; bad input shows the page again with what to fix (422) and nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.request import current_principal
from samverka.platform.requirements import gates, labels
from samverka.platform.requirements.schemas import AssessmentSchema, RiskSchema, SectionSchema, TeamMemberSchema
from samverka.platform.requirements.services import drawing, risks, sections, team
from samverka.platform.requirements.services.classification import classify
from samverka.platform.requirements.services.library import current_language
from samverka.tenants import permissions as perm

bp = Blueprint("requirements", __name__, template_folder="templates")

ASSIGN_FORM = {
    "user_id": _l("Choose a person from the list."),
    "role": _l("Choose a role on the team."),
}
SECTION_FORM = {
    "role": _l("Choose a role on the team."),
    "text": _l("Write at most 20,000 characters; a section marked done needs text."),
    "status": _l("Choose not started, in progress or done."),
}
RISK_FORM = {
    "description": _l("Describe the risk in 1 to 2,000 characters."),
    "likelihood": _l("Choose a level from 1 (low) to 4 (very high)."),
    "consequence": _l("Choose a level from 1 (low) to 4 (very high)."),
    "measure": _l("Write at most 2,000 characters."),
}
SPECIFICATION_FORM = {"language": _l("Choose bokmål, Swedish or English.")}
# Each language in its own name, as a language chooser shows them.
LANGUAGE_LABELS = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}
ASSESSMENT_FORM = {
    "status": _l("Choose not started, in progress or done."),
    "dpia_required": _l("Tick the box if a data protection impact assessment is needed."),
}


@bp.context_processor
def _labels() -> dict:
    return {
        "role_labels": labels.ROLE_LABELS,
        "section_status_labels": labels.SECTION_STATUS_LABELS,
        "section_status_tags": labels.SECTION_STATUS_TAGS,
        "aspect_labels": labels.ASPECT_LABELS,
        "kind_labels": labels.KIND_LABELS,
        "score_labels": labels.SCORE_LABELS,
        "language": current_language(),
    }


def _team_page(procurement_id: int, assign_form: HtmlForm | None = None, section_form: HtmlForm | None = None):
    principal = current_principal()
    procurement = team.access_team_procurement(db.session, principal, procurement_id)
    staff = principal.holds(team.STAFF, procurement.region_id)
    found = sections.sections_of(db.session, procurement)
    mine = team.roles_held(principal, procurement)
    forms = {role: HtmlForm(SECTION_FORM, _section_values(role, found[role])) for role in mine}
    if section_form is not None:
        forms[section_form.values.get("role")] = section_form
    return render_template(
        "requirements/team.html",
        procurement=procurement,
        staff=staff,
        members=team.team_of(db.session, procurement),
        sections=found,
        section_forms=forms,
        candidates=team.candidates(db.session, procurement) if staff else [],
        missing=gates.missing_for_competition(db.session, procurement) if staff else [],
        assign_form=assign_form or HtmlForm(ASSIGN_FORM),
    )


def _section_values(role, section) -> dict:
    return {"role": role.value, "text": section.text if section else "", "status": sections.section_status(section)}


@bp.get("/procurements/<int:procurement_id>/team")
@login_required
def team_page(procurement_id: int):
    return _team_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/team")
@login_required
def assign(procurement_id: int):
    return submit_form(
        HtmlForm.submitted(ASSIGN_FORM),
        schema=TeamMemberSchema(),
        change=lambda data: team.assign(db.session, current_principal(), procurement_id, **data),
        show=lambda form: _team_page(procurement_id, assign_form=form),
        done=lambda member: (
            _("%(name)s is on the team as %(role)s.", name=member.user_name, role=labels.ROLE_LABELS[member.role]),
            url_for(".team_page", procurement_id=procurement_id),
        ),
    )


@bp.post("/procurements/<int:procurement_id>/team/<int:member_id>/remove")
@login_required
def remove(procurement_id: int, member_id: int):
    return act(
        lambda: team.remove(db.session, current_principal(), procurement_id, member_id),
        done=lambda _none: (
            _("The person was taken off the team."),
            url_for(".team_page", procurement_id=procurement_id),
        ),
        refused=lambda refused: _team_page(procurement_id),
    )


@bp.post("/procurements/<int:procurement_id>/sections")
@login_required
def save_section(procurement_id: int):
    return submit_form(
        HtmlForm.submitted(SECTION_FORM),
        schema=SectionSchema(),
        change=lambda data: sections.save_section(db.session, current_principal(), procurement_id, **data),
        show=lambda form: _team_page(procurement_id, section_form=form),
        done=lambda section: (
            _("The section %(role)s was saved.", role=labels.ROLE_LABELS[section.role]),
            url_for(".team_page", procurement_id=procurement_id),
        ),
    )


@bp.get("/procurements/<int:procurement_id>/requirements")
@login_required
def requirements_page(procurement_id: int):
    return render_requirements_page(procurement_id)


def render_requirements_page(procurement_id: int, specification_form: HtmlForm | None = None):
    """The page; ``specification_form`` is the requirement specification's, shown again with what to fix."""
    principal = current_principal()
    procurement = team.access_team_procurement(db.session, principal, procurement_id)
    staff = principal.holds(team.STAFF, procurement.region_id)
    drawn = drawing.drawn_requirements(db.session, procurement)
    held = {row.key for row in drawn}
    required = drawing.required_from_library(db.session, procurement) if staff else []
    return render_template(
        "requirements/requirements.html",
        procurement=procurement,
        staff=staff,
        classification=classify(db.session, procurement) if staff else None,
        drawn=drawn,
        not_drawn=[row for row in required if row.key not in held],
        # The specification is stored among the procurement's documents: who draws and may store them.
        may_make_specification=staff and principal.holds(perm.REGION_DOCUMENTS_WRITE, procurement.region_id),
        specification_form=specification_form or HtmlForm(SPECIFICATION_FORM, {"language": current_language()}),
        language_labels=LANGUAGE_LABELS,
        **_labels(),  # also when another blueprint shows this page (the specification's form, refused)
    )


@bp.post("/procurements/<int:procurement_id>/requirements/draws")
@login_required
def draw(procurement_id: int):
    return act(
        lambda: drawing.draw(db.session, current_principal(), procurement_id),
        done=lambda added: (
            ngettext(
                "%(num)s requirement was drawn from the library.",
                "%(num)s requirements were drawn from the library.",
                len(added),
            ),
            url_for(".requirements_page", procurement_id=procurement_id),
        ),
        refused=lambda refused: requirements_page(procurement_id),
    )


def _risks_page(procurement_id: int, risk_form: HtmlForm | None = None, assessment_form: HtmlForm | None = None):
    principal = current_principal()
    procurement = team.access_team_procurement(db.session, principal, procurement_id)
    assessment = risks.assessment_of(db.session, procurement)
    values = {"status": assessment.status if assessment else "not_started"}
    values["dpia_required"] = "yes" if assessment and assessment.dpia_required else ""
    return render_template(
        "requirements/risks.html",
        procurement=procurement,
        may_write=principal.holds(perm.PROCUREMENT_RISKS_WRITE, procurement.id),
        assessment=assessment,
        risks=risks.risks_of(db.session, procurement),
        risk_form=risk_form or HtmlForm(RISK_FORM),
        assessment_form=assessment_form or HtmlForm(ASSESSMENT_FORM, values),
    )


@bp.get("/procurements/<int:procurement_id>/risks")
@login_required
def risks_page(procurement_id: int):
    return _risks_page(procurement_id)


@bp.post("/procurements/<int:procurement_id>/risks")
@login_required
def add_risk(procurement_id: int):
    return submit_form(
        HtmlForm.submitted(RISK_FORM),
        schema=RiskSchema(),
        change=lambda data: risks.add_risk(db.session, current_principal(), procurement_id, **data),
        show=lambda form: _risks_page(procurement_id, risk_form=form),
        done=lambda risk: (_("The risk was recorded."), url_for(".risks_page", procurement_id=procurement_id)),
    )


@bp.post("/procurements/<int:procurement_id>/risks/<int:risk_id>/remove")
@login_required
def remove_risk(procurement_id: int, risk_id: int):
    return act(
        lambda: risks.remove_risk(db.session, current_principal(), procurement_id, risk_id),
        done=lambda _none: (_("The risk was removed."), url_for(".risks_page", procurement_id=procurement_id)),
        refused=lambda refused: _risks_page(procurement_id),
    )


@bp.post("/procurements/<int:procurement_id>/risk-assessment")
@login_required
def save_assessment(procurement_id: int):
    form = HtmlForm.submitted(ASSESSMENT_FORM)
    payload = {"status": form.value("status"), "dpia_required": form.value("dpia_required") == "yes"}
    return submit_form(
        form,
        schema=AssessmentSchema(),
        payload=payload,
        change=lambda data: risks.save_assessment(db.session, current_principal(), procurement_id, **data),
        show=lambda shown: _risks_page(procurement_id, assessment_form=shown),
        done=lambda saved: (_("The risk assessment was saved."), url_for(".risks_page", procurement_id=procurement_id)),
    )
