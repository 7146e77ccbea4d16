"""Pages: a municipality's benefit plans in follow-up, and one plan's follow-up with its forms.

A plan's page is read by the need's municipality and, read-only, by the staff of the regions it was
submitted to; the forms are shown only to whoever may measure (the municipality's IT coordinators).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from samverka.platform.benefits import charts, labels
from samverka.platform.benefits.forms import DROP_FORM, MEASUREMENT_FORM, SETTINGS_FORM, MeasurementForm, SettingsForm
from samverka.platform.benefits.schemas import DropSchema
from samverka.platform.benefits.services import follow_up, recording
from samverka.platform.benefits.services.recording import Value
from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, submit_form
from samverka.platform.core.pagination import page_request
from samverka.platform.core.request import current_principal
from samverka.platform.needs.labels import BENEFIT_TYPE_LABELS

bp = Blueprint("benefits", __name__, template_folder="templates")
FORMS = {"measure": MEASUREMENT_FORM, "settings": SETTINGS_FORM, "drop": DROP_FORM}


@bp.context_processor
def _labels() -> dict:
    return {
        "benefit_status_labels": labels.STATUS_LABELS,
        "benefit_status_colors": labels.STATUS_COLORS,
        "period_kind_labels": labels.PERIOD_KIND_LABELS,
        "value_kind_labels": labels.VALUE_KIND_LABELS,
        "scale_labels": labels.SCALE_LABELS,
        "state_labels": labels.STATE_LABELS,
        "state_colors": labels.STATE_COLORS,
        "benefit_type_labels": BENEFIT_TYPE_LABELS,
        "period_label": labels.period_label,
        "amount_text": labels.amount_text,
        "measured_text": labels.measured_text,
        "score_text": labels.score_text,
        "line_chart": charts.line_figure,
    }


@bp.app_template_global("benefit_follow_up_url")
def benefit_follow_up_url(need) -> str | None:
    """The follow-up page of the need's benefit plan, once the need's procurement has been delivered."""
    plan = need.benefit_plan
    if plan is None or follow_up.delivered_for(db.session, need.id) is None:
        return None
    return url_for("benefits.plan_follow_up", benefit_plan_id=plan.id)


@bp.get("/tenants/<int:tenant_id>/benefit-follow-up")
@login_required
def tenant_follow_up(tenant_id: int):
    tenant, rows = follow_up.tenant_plans(db.session, current_principal(), tenant_id, page_request(request.args))
    return render_template("benefits/follow_up_list.html", tenant=tenant, rows=rows)


def _plan_page(benefit_plan_id: int, failed: tuple[int, str, HtmlForm] | None = None):
    found = follow_up.plan_follow_up(db.session, current_principal(), benefit_plan_id)
    forms = {}
    for line in found.lines:
        forms[line.line.id] = {name: HtmlForm(messages, _defaults(line, name)) for name, messages in FORMS.items()}
    if failed is not None:
        line_id, name, form = failed
        forms[line_id][name] = form
    return render_template("benefits/follow_up_plan.html", found=found, forms=forms)


def _defaults(line: follow_up.LineFollowUp, name: str) -> dict:
    """The measurement form offers the oldest period still to measure; the settings form the line's own."""
    if name == "settings":
        return {"follow_up_period": line.line.follow_up_period, "value_kind": line.line.value_kind or ""}
    if name == "measure" and line.rows:
        first_missing = next((row for row in line.rows if row.measurement is None), line.rows[-1])
        return {"period_start": first_missing.period.start.isoformat()}
    return {}


@bp.get("/benefit-plans/<int:benefit_plan_id>/follow-up")
@login_required
def plan_follow_up(benefit_plan_id: int):
    return _plan_page(benefit_plan_id)


def _line_form(benefit_line_id: int, name: str, schema, change, message: str):
    """One of a line's forms: the line is reached first (a 404 for another municipality's, whatever was sent)."""
    line = follow_up.access_line(db.session, current_principal(), benefit_line_id)
    plan_id = line.plan_id
    return submit_form(
        HtmlForm.submitted(FORMS[name]),
        schema=schema,
        change=change,
        show=lambda shown: _plan_page(plan_id, (benefit_line_id, name, shown)),
        done=lambda _result: (
            message,
            url_for(".plan_follow_up", benefit_plan_id=plan_id) + f"#line-{benefit_line_id}",
        ),
    )


@bp.post("/benefit-lines/<int:benefit_line_id>/measurements")
@login_required
def record_measurement(benefit_line_id: int):
    def change(data):
        return recording.record_measurement(
            db.session,
            current_principal(),
            benefit_line_id,
            data["period_start"],
            Value(amount=data["amount"], score=data["score"]),
            comment=data["comment"],
            measured_by=data["measured_by"],
        )

    return _line_form(benefit_line_id, "measure", MeasurementForm(), change, _("The measurement was recorded."))


@bp.post("/benefit-lines/<int:benefit_line_id>/follow-up")
@login_required
def line_settings(benefit_line_id: int):
    def change(data):
        return recording.set_line_follow_up(
            db.session, current_principal(), benefit_line_id, data["follow_up_period"], data["value_kind"]
        )

    return _line_form(
        benefit_line_id, "settings", SettingsForm(), change, _("The follow-up of the benefit was changed.")
    )


@bp.post("/benefit-lines/<int:benefit_line_id>/drop")
@login_required
def drop_line(benefit_line_id: int):
    def change(data):
        return recording.drop_line(db.session, current_principal(), benefit_line_id, data["dropped_reason"])

    return _line_form(benefit_line_id, "drop", DropSchema(), change, _("The benefit was dropped."))
