"""The operator's pages for the thresholds table, and the thresholds' vocabulary for every page.

Views translate HTTP into service calls and back. A threshold is reached by id only
by the operator (anyone else gets a 404); the services ask for e-ID at the step-up
level for a change, like every operator write, which is confirmed by redirect.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.core.extensions import db
from samverka.platform.core.forms import HtmlForm, act, submit_form
from samverka.platform.core.money import kroner_text
from samverka.platform.core.request import current_principal
from samverka.platform.thresholds import charts, labels
from samverka.platform.thresholds.models import KINDS_BY_COUNTRY
from samverka.platform.thresholds.schemas import ThresholdFormSchema
from samverka.platform.thresholds.services import thresholds as services
from samverka.tenants import permissions as perm
from samverka.tenants.access import steps_up_for

bp = Blueprint("thresholds", __name__, template_folder="templates")

THRESHOLD_FORM = {
    "country": _l("Choose Norway or Sweden."),
    "year": _l("Enter a year from 2000 to 2100."),
    "kind": _l("Choose a kind of threshold that the chosen country has."),
    "amount": _l("Enter an amount of more than 0 in kroner/kronor excluding VAT, e.g. 2 300 000."),
    "note": _l("Write at most 2000 characters."),
    "source_url": _l("Enter a web address starting with https://, or leave it empty."),
}
FORM_KIND_LABELS = {
    "national": _l("National threshold (Norway)"),
    "direct_award": _l("Direct award limit (Sweden)"),
    "eu_goods_services": _l("EU/EEA threshold for goods and services (municipalities)"),
    "eu_works": _l("EU/EEA threshold for building and construction works"),
}


@bp.app_context_processor
def _vocabulary() -> dict:
    # App-wide: the joint procurement pages show the aggregated value with these labels.
    return {**labels.template_context(), "threshold_value_chart": charts.value_chart}


def _page(form: HtmlForm, editing=None):
    """The table and the form."""
    rows = services.operator_thresholds(db.session, current_principal())
    return render_template(
        "thresholds/operator_thresholds.html",
        form=form,
        editing=editing,
        by_country={c: [t for t in rows if t.country == c] for c in KINDS_BY_COUNTRY},
        kind_options=list(FORM_KIND_LABELS.items()),
    )


def _form_values(threshold) -> dict:
    return {
        "country": threshold.country,
        "year": str(threshold.year),
        "kind": threshold.kind,
        "amount": kroner_text(threshold.amount_minor),
        "note": threshold.note,
        "source_url": threshold.source_url,
    }


@bp.get("/operator/thresholds")
@login_required
def operator_thresholds():
    """The table; ``?edit=<id>`` puts that threshold in the form instead of a new one."""
    principal = current_principal()
    services.operator_thresholds(db.session, principal)
    editing = request.args.get("edit", type=int)
    if editing is None:
        return _page(HtmlForm(THRESHOLD_FORM, {"country": "NO"}))
    threshold = services.access_threshold(db.session, principal, editing, perm.PLATFORM_OPERATE)
    return _page(HtmlForm(THRESHOLD_FORM, _form_values(threshold)), threshold)


def _saved(saved) -> tuple[str, str]:
    label = labels.kind_label(saved.country, saved.kind)
    message = _("The threshold %(label)s %(year)s was saved.", label=label, year=saved.year)
    return message, url_for(".operator_thresholds")


@bp.post("/operator/thresholds")
@login_required
@steps_up_for(perm.PLATFORM_THRESHOLDS_MANAGE)
def create_threshold():
    return submit_form(
        HtmlForm.submitted(THRESHOLD_FORM),
        schema=ThresholdFormSchema(),
        change=lambda data: services.create_threshold(db.session, current_principal(), **data),
        show=_page,
        done=_saved,
    )


@bp.post("/operator/thresholds/<int:threshold_id>")
@login_required
@steps_up_for(perm.PLATFORM_THRESHOLDS_MANAGE)
def update_threshold(threshold_id: int):
    principal = current_principal()
    threshold = services.access_threshold(db.session, principal, threshold_id)
    return submit_form(
        HtmlForm.submitted(THRESHOLD_FORM),
        schema=ThresholdFormSchema(),
        change=lambda data: services.update_threshold(db.session, principal, threshold, **data),
        show=lambda form: _page(form, threshold),
        done=_saved,
    )


@bp.post("/operator/thresholds/<int:threshold_id>/delete")
@login_required
@steps_up_for(perm.PLATFORM_THRESHOLDS_MANAGE)
def delete_threshold(threshold_id: int):
    principal = current_principal()
    threshold = services.access_threshold(db.session, principal, threshold_id)
    label, year = labels.kind_label(threshold.country, threshold.kind), threshold.year
    return act(
        lambda: services.delete_threshold(db.session, principal, threshold),
        done=lambda _deleted: (
            _("The threshold %(label)s %(year)s was deleted.", label=label, year=year),
            url_for(".operator_thresholds"),
        ),
        refused=lambda refused: _page(HtmlForm(THRESHOLD_FORM).refuse(refused)),
    )
