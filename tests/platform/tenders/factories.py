"""Award criteria, mandatory requirements, tenders and a document of a procurement, made through the services."""

from __future__ import annotations

from datetime import date

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.services import upload_document
from samverka.platform.procurements.services import access_procurement
from samverka.platform.tenders import recording, services

# Valid Norwegian and Swedish organisation numbers (check digits included).
SUPPLIERS = (
    ("Tieto Norge AS", "NO", "974760673"),
    ("Sikri AS", "NO", "981541332"),
    ("Formpipe AB", "SE", "5560360793"),
)


def _system():
    principal = Principal.system("test fixtures")
    bind_principal(db.session, principal)
    return principal


def in_competition(procurement) -> None:
    """Tenders come in competition; how the procurement got there (tests/platform/procurements) is not the point."""
    if procurement.status not in services.TENDER_STAGES:
        procurement.status = "competition"


def put_in_competition(app, procurement_id: int) -> None:
    with app.app_context():
        in_competition(access_procurement(db.session, _system(), procurement_id))
        db.session.commit()


def set_up_evaluation(app, procurement_id: int, weights=(60, 40), requirements=("Kryptering", "Data i EØS")) -> dict:
    """Criteria (Price, Quality) and requirements; returns their ids by name."""
    with app.app_context():
        principal = _system()
        procurement = access_procurement(db.session, principal, procurement_id)
        names = ("Pris", "Kvalitet", "Brukervennlighet")[: len(weights)]
        criteria = services.set_award_criteria(
            db.session, principal, procurement, [{"name": n, "weight": w} for n, w in zip(names, weights)]
        )
        made = services.set_requirements(
            db.session, principal, procurement, [{"text": t, "library_ref": None} for t in requirements]
        )
        db.session.commit()
        return {"criteria": [c.id for c in criteria], "requirements": [r.id for r in made]}


def record_tender(app, procurement_id: int, supplier=SUPPLIERS[0], *, met=None, scores=None, ids=None) -> int:
    """A tender, evaluated when ``met`` (one bool per requirement) and ``scores`` (one per criterion) are given."""
    with app.app_context():
        principal = _system()
        procurement = access_procurement(db.session, principal, procurement_id)
        in_competition(procurement)
        name, country, orgnr = supplier
        tender = services.record_tender(
            db.session,
            principal,
            procurement,
            supplier_name=name,
            supplier_country=country,
            supplier_orgnr=orgnr,
            received_on=date(2027, 3, 1),
        )
        if ids is not None:
            answers = [
                {"requirement_id": r, "met": m, "comment": "" if m else "Oppfyller ikke"}
                for r, m in zip(ids["requirements"], met)
            ]
            marks = [{"criterion_id": c, "score": s} for c, s in zip(ids["criteria"], scores)]
            recording.record_evaluation(db.session, principal, tender, answers=answers, scores=marks)
        db.session.commit()
        return tender.id


def make_document(app, procurement_id: int, content: bytes = b"%PDF-1.7 Kongsberg krav") -> int:
    with app.app_context():
        principal = _system()
        procurement = access_procurement(db.session, principal, procurement_id)
        document = upload_document(
            db.session,
            principal,
            procurement,
            kind="competition_documents",
            filename="konkurranse.pdf",
            content=content,
        )
        db.session.commit()
        return document.id
