"""The DPA as a PDF: the template version's text in the agreement's language, then its facts (appendix 1).

Called under ``force_locale(language)``: headings and labels are in the language the text is. Every text
from a user (the template, titles, purposes) goes through ``pdf_paragraph``, as reportlab's Paragraph
reads markup. The signatures are not on the pages: each is a PAdES signature added to the PDF.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from samverka.platform.core.exports import page_footer, pdf_paragraph
from samverka.platform.core.time import utcnow
from samverka.platform.needs.personal_data import DATA_CATEGORY_LABELS, DATA_SUBJECT_LABELS

MARGIN = 18 * mm
STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
SMALL = BODY.clone("dpa-small", fontSize=8, leading=10, textColor="#444444")


def dpa_pdf(*, facts: dict, template_text: str, template_version: int, version: int, language: str) -> bytes:
    out = BytesIO()
    title = f"{_('Data processing agreement')}: {facts['procurement']['title']}"
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        subject=facts["contract"]["title"],
        creator="Samverka",
        lang=language,
    )
    story = [
        _p(_("Data processing agreement"), STYLES["Title"]),
        _p(facts["procurement"]["title"], STYLES["Heading2"]),
        _p(
            _(
                "Version %(version)s, drawn up on %(date)s from the region's template version %(template)s.",
                version=version,
                date=format_date(utcnow().date(), "long"),
                template=template_version,
            ),
            SMALL,
        ),
        *_parties(facts),
        *_template(template_text),
        *_appendix(facts),
    ]
    doc.build(story, onFirstPage=page_footer(title, MARGIN), onLaterPages=page_footer(title, MARGIN))
    return out.getvalue()


def _parties(facts: dict) -> list:
    processor = facts["processor"]
    story = [_p(_("The parties"), STYLES["Heading2"]), _p(_("Data controllers:"))]
    story += [
        _p(f"• {c['name']} ({_('organisation number')} {c['organisation_number']})") for c in facts["controllers"]
    ]
    story += [
        _p(_("Data processor:")),
        _p(f"• {processor['name']} ({_('organisation number')} {processor['organisation_number']})"),
        _p(_("Main contract: %(title)s", title=facts["contract"]["title"])),
    ]
    return story


def _template(text: str) -> list:
    """``## `` starts a heading; a blank line ends a paragraph."""
    story = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        for line in lines:
            if line.startswith("## "):
                story.append(_p(line[3:].strip(), STYLES["Heading3"]))
            else:
                story.append(_p(line.strip()))
    return story


def _appendix(facts: dict) -> list:
    none = _("None.")
    story = [Spacer(0, 4 * mm), _p(_("Appendix 1: the processing"), STYLES["Heading2"])]
    story += [_p(_("Purposes of the processing"), STYLES["Heading3"])]
    story += [_p(f"{p['municipality']} ({p['need']}): {p['purpose']}") for p in facts["purposes"]] or [_p(none)]
    story += [_p(_("Categories of personal data"), STYLES["Heading3"])]
    story += [_p(f"• {DATA_CATEGORY_LABELS[code]}") for code in facts["categories"]] or [_p(none)]
    story += [_p(_("Categories of data subjects"), STYLES["Heading3"])]
    story += [_p(f"• {DATA_SUBJECT_LABELS[code]}") for code in facts["data_subjects"]] or [_p(none)]
    story += [_p(_("Sub-processors"), STYLES["Heading3"])]
    story += [_p(f"• {s['name']} ({s['country']}): {s['service']}") for s in facts["sub_processors"]] or [_p(none)]
    story += [_p(_("Transfers outside the EEA"), STYLES["Heading3"])]
    story += [_p(facts["third_country_transfers"] or none)]
    return story


def _p(text, style=BODY) -> Paragraph:
    return pdf_paragraph(text, style)
