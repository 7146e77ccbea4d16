"""The requirement specification: a procurement's drawn requirements as a PDF, kept as a document version.

The region's library holds each requirement in bokmål, Swedish and English; the person chooses the
language, and the headings and labels are written in it too (``force_locale``). The PDF is stored as the
next version of the procurement's ``requirement_specification`` through ``upload_document``, so its
SHA-256, size and media type are checked and recorded as for any upload, and the version is never
overwritten. Titles and texts come from users (the coordinator edits the library): every one goes through
``pdf_text``, as reportlab's Paragraph reads markup.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from samverka.platform.core.errors import Refused
from samverka.platform.core.exports import page_footer, pdf_paragraph
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.services import upload_document
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements.labels import ASPECT_LABELS, KIND_LABELS
from samverka.platform.requirements.models import KINDS, LANGUAGES, ProcurementRequirement
from samverka.platform.requirements.services.drawing import drawn_requirements
from samverka.platform.requirements.services.team import STAFF, access_team_procurement
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on

KIND = "requirement_specification"
NOTHING_DRAWN = _l("Draw the requirements before making the requirement specification.")
NO_LANGUAGE = _l("Choose bokmål, Swedish or English.")
MARGIN = 18 * mm
STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
SMALL = BODY.clone("small", fontSize=8, leading=10, textColor="#444444")


def make_specification(
    session: Session, principal: Principal, procurement_id: int, language: str
) -> ProcurementDocument:
    """Who may draw the requirements and store the procurement's documents makes the next version."""
    procurement = access_team_procurement(session, principal, procurement_id, STAFF)
    require_on(principal, procurement, perm.REGION_DOCUMENTS_WRITE)
    if language not in LANGUAGES:
        raise Refused.field("language", NO_LANGUAGE)
    requirements = drawn_requirements(session, procurement)
    if not requirements:
        raise Refused.field("language", NOTHING_DRAWN)
    with force_locale(language):
        content = specification_pdf(procurement, requirements, language)
        filename = f"{_('Requirement specification')} {procurement.title}.pdf"
    return upload_document(session, principal, procurement, kind=KIND, filename=filename, content=content)


def specification_pdf(
    procurement: JointProcurement, requirements: list[ProcurementRequirement], language: str
) -> bytes:
    """The PDF in the current locale, the requirements' texts in ``language``: by kind, security first."""
    out = BytesIO()
    title = f"{_('Requirement specification')}: {procurement.title}"
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        subject=_("Mandatory requirements"),
        creator="Samverka",
        lang=language,
    )
    story = [
        _p(_("Requirement specification"), STYLES["Title"]),
        _p(procurement.title, STYLES["Heading2"]),
        _p(_("Made on %(date)s.", date=format_date(utcnow().date(), "long"))),
    ]
    for kind in KINDS:
        rows = [row for row in requirements if row.kind == kind]
        if rows:
            story += [Spacer(0, 4 * mm), _p(KIND_LABELS[kind], STYLES["Heading2"])]
            story += [_requirement(number, row, language) for number, row in enumerate(rows, start=1)]
    doc.build(story, onFirstPage=page_footer(title, MARGIN), onLaterPages=page_footer(title, MARGIN))
    return out.getvalue()


def _requirement(number: int, row: ProcurementRequirement, language: str) -> KeepTogether:
    applies = (
        _("Applies from %(aspect)s level %(level)s", aspect=ASPECT_LABELS[row.aspect], level=row.level)
        if row.aspect
        else _("Every procurement")
    )
    facts = f"{applies} · {_('Version')} {row.version} · {row.key}"
    return KeepTogether(
        [
            _p(f"{number}. {row.title(language)}", STYLES["Heading3"]),
            _p(row.text(language)),
            _p(facts, SMALL),
        ]
    )


def _p(text, style=BODY) -> Paragraph:
    """The only way text enters the story: escaped, as Paragraph text is markup."""
    return pdf_paragraph(text, style)
