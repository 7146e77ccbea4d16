"""The requirement specification made from a procurement's drawn requirements: a PDF in the chosen language,
stored as the next version of its document, its user text escaped, made only by who may."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.documents.services import document_content
from samverka.platform.requirements.models import ProcurementRequirement
from samverka.platform.requirements.services import drawing
from samverka.tenants.services.principals import load_principal
from tests.platform.documents import support
from tests.platform.requirements.factories import make_team_world
from tests.support.forms import csrf_from
from tests.support.login import sign_in

HOSTILE = '<b>Kryptering</b> & <font color="red">loggføring</font>'


@pytest.fixture
def purchaser(app, tenant_a):
    return support.purchaser(app, tenant_a)


@pytest.fixture
def drawn(app, tenant_a, purchaser) -> int:
    """Region A's procurement with its requirements drawn by the purchaser; one title made hostile."""
    procurement_id = make_team_world(app, tenant_a).procurement_id
    with app.app_context():
        drawing.draw(db.session, load_principal(db.session, purchaser.user_id), procurement_id)
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.execute(
            update(ProcurementRequirement)
            .where(ProcurementRequirement.key == "logging", ProcurementRequirement.procurement_id == procurement_id)
            .values(title_sv=HOSTILE)
        )
        db.session.commit()
    return procurement_id


def _make(client, procurement_id: int, language: str):
    page = f"/procurements/{procurement_id}/requirements"
    data = {"csrf_token": csrf_from(client, page), "language": language}
    return client.post(f"/procurements/{procurement_id}/requirement-specification", data=data)


def _stored(app) -> list[tuple[ProcurementDocument, bytes]]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        rows = db.session.scalars(select(ProcurementDocument).order_by(ProcurementDocument.version)).all()
        found = [(row, document_content(row)) for row in rows]
        db.session.expunge_all()
        return found


@pytest.fixture(autouse=True)
def _in_english(client):
    """The page texts compared below are the English ones."""
    client.set_cookie("samverka_lang", "en")


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_specification_is_a_pdf_in_the_chosen_language_stored_as_the_next_version(app, client, purchaser, drawn):
    sign_in(client, purchaser)
    assert "Make the requirement specification" in client.get(f"/procurements/{drawn}/requirements").get_data(
        as_text=True
    )

    assert _make(client, drawn, "sv").status_code == 302
    assert _make(client, drawn, "en").status_code == 302

    [(first, swedish), (second, english)] = _stored(app)
    assert (first.kind, first.version, first.media_type) == ("requirement_specification", 1, "application/pdf")
    assert second.version == 2 and second.filename.endswith(".pdf")
    assert first.sha256 == hashlib.sha256(swedish).hexdigest() and first.size_bytes == len(swedish)
    text = _text(swedish)
    assert "Kravspecifikation" in text and "Kryptering vid överföring" in text
    assert "Kryptering under overføring" not in text and "Encryption in transit" not in text
    assert HOSTILE in text  # shown as typed, never read as markup
    assert "Encryption in transit" in _text(english) and "Requirement specification" in _text(english)


def test_a_language_not_offered_changes_nothing(app, client, purchaser, drawn):
    sign_in(client, purchaser)
    response = _make(client, drawn, "de")
    assert response.status_code == 422
    assert "Choose bokmål, Swedish or English." in response.get_data(as_text=True)
    assert _stored(app) == []


def test_the_coordinator_draws_but_does_not_store_documents(app, client, tenant_a, drawn):
    sign_in(client, tenant_a.people["coordinator"])
    assert "Make the requirement specification" not in client.get(f"/procurements/{drawn}/requirements").get_data(
        as_text=True
    )
    assert _make(client, drawn, "nb").status_code == 403
    assert _stored(app) == []
