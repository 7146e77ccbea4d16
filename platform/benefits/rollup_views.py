"""Pages: the region's benefit roll-up, and its XLSX and PDF for the council meeting."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from samverka.platform.benefits.rollup import offered_years, whole_rollup
from samverka.platform.benefits.rollup import rollup as read_rollup
from samverka.platform.benefits.rollup_chart import KIND_LABELS, drawn_figures, share_text, value_text
from samverka.platform.benefits.rollup_exports import XLSX_MEDIA_TYPE, missing_text, rollup_pdf, rollup_xlsx
from samverka.platform.core.errors import Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.pagination import PageRequest, page_request
from samverka.platform.core.request import current_principal

bp = Blueprint("rollup", __name__, template_folder="templates")

FIRST_YEAR, LAST_YEAR = 2000, 2100
BAD_YEAR = _l("Choose a year from %(first)s to %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
# Each procurement on the page is drawn as a chart with its table (tens of KB and milliseconds each): a page
# shows this many unless ``?size=`` asks for more; the XLSX and PDF hold the whole year.
PAGE_SIZE = 10


@bp.context_processor
def _helpers() -> dict:
    return {
        "kind_labels": KIND_LABELS,
        "value_text": value_text,
        "share_text": share_text,
        "missing_text": missing_text,
        "drawn_figures": drawn_figures,
    }


def year_arg() -> int | None:
    """``?year=`` as typed; anything but a year in range is refused (422), never guessed."""
    text = request.args.get("year", "")
    if not text:
        return None
    if not (text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise Refused.field("year", BAD_YEAR)
    return int(text)


@bp.get("/regions/<int:region_id>/benefits")
@login_required
def region_benefits(region_id: int):
    found = read_rollup(db.session, current_principal(), region_id, year_arg(), _page())
    return render_template("benefits/rollup.html", rollup=found, years=offered_years(db.session, found))


def _page() -> PageRequest:
    asked = page_request(request.args)
    return asked if request.args.get("size") else replace(asked, size=PAGE_SIZE)


def _download(content: bytes, mimetype: str, found, extension: str) -> Response:
    name = f"benefits-{found.region.id}-{found.year}.{extension}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/regions/<int:region_id>/benefits.xlsx")
@login_required
def region_benefits_xlsx(region_id: int):
    found = whole_rollup(db.session, current_principal(), region_id, year_arg())
    return _download(rollup_xlsx(found), XLSX_MEDIA_TYPE, found, "xlsx")


@bp.get("/regions/<int:region_id>/benefits.pdf")
@login_required
def region_benefits_pdf(region_id: int):
    found = whole_rollup(db.session, current_principal(), region_id, year_arg())
    return _download(rollup_pdf(found), "application/pdf", found, "pdf")
