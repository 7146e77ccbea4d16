"""The draft award recommendation: the best-ranked tender, with its text in bokmål, Swedish and English.

The text is generated from the ranking in each language (the next issue's approval reads it); a new
draft is made each time the purchaser asks, so a changed evaluation never leaves an old text behind
as the latest.
"""

from __future__ import annotations

from flask_babel import force_locale, format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.tenders import services
from samverka.platform.tenders.evaluation import Evaluation
from samverka.platform.tenders.models import AwardRecommendation
from samverka.tenants import permissions as perm
from samverka.tenants.access import require_on

NOTHING_RANKED = _l("No tender is ranked yet: evaluate the tenders first.")
LANGUAGES = ("nb", "sv", "en")


def latest_recommendation(session: Session, procurement: JointProcurement) -> AwardRecommendation | None:
    stmt = select(AwardRecommendation).where(AwardRecommendation.procurement_id == procurement.id)
    return session.scalar(stmt.order_by(AwardRecommendation.id.desc()).limit(1))


def draft_recommendation(
    session: Session, principal: Principal, procurement: JointProcurement, note: str = ""
) -> AwardRecommendation:
    require_on(principal, procurement, perm.REGION_TENDERS_WRITE)
    evaluation = services.evaluation_of(session, principal, procurement)
    if not evaluation.ranking:
        raise Refused.field("ranking", NOTHING_RANKED)
    first = evaluation.ranking[0]
    texts = {}
    for language in LANGUAGES:
        with force_locale(language):
            texts[f"text_{language}"] = "\n".join(filter(None, (recommendation_text(procurement, evaluation), note)))
    recommendation = AwardRecommendation(
        procurement_id=procurement.id,
        region_id=procurement.region_id,
        tender_id=first.tender.id,
        points=first.points,
        created_by_id=principal.user_id,
        **texts,
    )
    session.add(recommendation)
    session.flush()
    summary = {"tender_id": first.tender.id, "points": first.points}
    record(
        session,
        principal,
        "award_recommendation.draft",
        recommendation,
        region_id=procurement.region_id,
        summary=summary,
    )
    return recommendation


def recommendation_text(procurement: JointProcurement, evaluation: Evaluation) -> str:
    """In the current locale: whom to award, on what score, and the ranking and rejections behind it."""
    first = evaluation.ranking[0]
    lines = [
        _(
            "Draft award recommendation for %(procurement)s: award the contract to %(supplier)s "
            "(organisation number %(orgnr)s), with the highest weighted score, %(score)s of 10.",
            procurement=procurement.title,
            supplier=first.tender.supplier_name,
            orgnr=first.tender.supplier_orgnr,
            score=format_decimal(first.score, format="0.00"),
        ),
        ngettext(
            "%(num)d tender met every mandatory requirement and was ranked:",
            "%(num)d tenders met every mandatory requirement and were ranked:",
            len(evaluation.ranking),
        ),
    ]
    for place, ranked in enumerate(evaluation.ranking, start=1):
        score = format_decimal(ranked.score, format="0.00")
        lines.append(f"{place}. {ranked.tender.supplier_name}: {score}")
    for rejected in (v for v in evaluation.verdicts if v.reasons):
        reasons = "; ".join(r.requirement for r in rejected.reasons)
        lines.append(
            _(
                "Rejected: %(supplier)s, for not meeting: %(reasons)s.",
                supplier=rejected.tender.supplier_name,
                reasons=reasons,
            )
        )
    return "\n".join(lines)
