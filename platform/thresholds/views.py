"""The operator's pages for the thresholds table, and the thresholds' vocabulary for every page.

Views translate HTTP into service calls and back. A threshold is reached by id only
by those who manage thresholds (anyone else gets a 404); a change needs e-ID at a
high level of assurance, like every operator write, and is confirmed by redirect.
"""

from __future__ import annotations

import functools

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy.exc import IntegrityError

from samverka.platform.auth import stepup
from samverka.platform.core.extensions import db
from samverka.platform.core.session import current_principal
from samverka.platform.needs.forms import kroner_text
from samverka.platform.thresholds import labels
from samverka.platform.thresholds.models import KINDS_BY_COUNTRY
from samverka.platform.thresholds.schemas import ThresholdFormSchema
from samverka.platform.thresholds.services import thresholds as services
from samverka.platform.ui.responses import UNPROCESSABLE, commit_and_redirect
from samverka.tenants import permissions as perm
from samverka.tenants.forms import HtmlForm
from samverka.tenants.services import directory

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
    return labels.template_context()


def _manager_only(view):
    """404 for a threshold one may not manage, 403 without the permission, then the e-ID step-up."""

    @functools.wraps(view)
    def wrapped(**view_args):
        principal = current_principal()
        if "threshold_id" in view_args:
            services.access_threshold(db.session, principal, view_args["threshold_id"])
        directory.require(principal, perm.PLATFORM_THRESHOLDS_MANAGE)
        return stepup.require_acr(stepup.HIGH)(view)(**view_args)

    return wrapped


def _page(form: HtmlForm, editing=None, status: int = 200):
    """The table and the form; every caller has already required the permission."""
    rows = services.list_thresholds(db.session, current_principal())
    return render_template(
        "thresholds/operator_thresholds.html",
        form=form,
        editing=editing,
        by_country={c: [t for t in rows if t.country == c] for c in KINDS_BY_COUNTRY},
        kind_options=list(FORM_KIND_LABELS.items()),
    ), status


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
    directory.require(principal, perm.PLATFORM_THRESHOLDS_MANAGE)
    editing = request.args.get("edit", type=int)
    if editing is None:
        return _page(HtmlForm(THRESHOLD_FORM, {"country": "NO"}))
    threshold = services.access_threshold(db.session, principal, editing)
    return _page(HtmlForm(THRESHOLD_FORM, _form_values(threshold)), threshold)


def _save(form: HtmlForm, threshold=None):
    data = form.load(ThresholdFormSchema())
    if data is None:
        return _page(form, threshold, UNPROCESSABLE)
    try:
        if threshold is None:
            saved = services.create_threshold(db.session, current_principal(), **data)
        else:
            saved = services.update_threshold(db.session, current_principal(), threshold, **data)
        db.session.flush()
    except (services.ThresholdRefused, IntegrityError):
        db.session.rollback()
        form.fail("year", str(services.DUPLICATE))
        return _page(form, threshold, UNPROCESSABLE)
    message = _(
        "The threshold %(label)s %(year)s was saved.",
        label=labels.kind_label(saved.country, saved.kind),
        year=saved.year,
    )
    return commit_and_redirect(message, ".operator_thresholds")


@bp.post("/operator/thresholds")
@login_required
@_manager_only
def create_threshold():
    return _save(HtmlForm.submitted(THRESHOLD_FORM))


@bp.post("/operator/thresholds/<int:threshold_id>")
@login_required
@_manager_only
def update_threshold(threshold_id: int):
    threshold = services.access_threshold(db.session, current_principal(), threshold_id)
    return _save(HtmlForm.submitted(THRESHOLD_FORM), threshold)


@bp.post("/operator/thresholds/<int:threshold_id>/delete")
@login_required
@_manager_only
def delete_threshold(threshold_id: int):
    principal = current_principal()
    threshold = services.access_threshold(db.session, principal, threshold_id)
    label, year = labels.kind_label(threshold.country, threshold.kind), threshold.year
    services.delete_threshold(db.session, principal, threshold)
    return commit_and_redirect(
        _("The threshold %(label)s %(year)s was deleted.", label=label, year=year), ".operator_thresholds"
    )
