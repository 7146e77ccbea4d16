"""The region's pipeline as partners read it: stages with dates, participants, the signed status; never a
need's title or a tender's supplier or score; a page of it in a fixed number of queries."""

from __future__ import annotations

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement
from tests.platform.delivery.factories import NEED_TITLE, deliver_now, signed_procurement
from tests.platform.procurements.stage_factories import procurement_with_need
from tests.platform.tenders.factories import SUPPLIERS, record_tender, set_up_evaluation
from tests.support.api import signed_in
from tests.support.statements import counting_statements

SUPPLIER = SUPPLIERS[1][0]  # Sikri AS


def _with_tender(app, world) -> int:
    """A delivered procurement with an evaluated tender (Sikri AS, scored 7 and 9)."""
    signed = signed_procurement(app, world)
    ids = set_up_evaluation(app, signed.procurement_id)
    record_tender(app, signed.procurement_id, SUPPLIERS[1], met=[True, True], scores=[7, 9], ids=ids)
    with app.app_context():
        bind_principal(db.session, Principal.system("test: back where the signatures left it"))
        db.session.get(JointProcurement, signed.procurement_id).status = "dpa_signed"
        db.session.commit()
    deliver_now(app, signed.procurement_id)
    return signed.procurement_id


def test_the_partner_reads_stages_participants_and_signatures_but_no_needs_or_tenders(app, tenant_a):
    procurement_id = _with_tender(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["partner"])

    page = api.get(f"/regions/{tenant_a.region_id}/pipeline")
    rows = api.get(f"/api/v1/regions/{tenant_a.region_id}/pipeline").get_json()

    assert page.status_code == 200
    (row,) = rows
    assert row["id"] == procurement_id and row["status"] == "delivered"
    assert row["participants"] == ["Flesberg", "Kongsberg"]
    assert (row["contract_status"], row["dpa_status"]) == ("signed", "signed")
    reached = {s["stage"]: s for s in row["stages"]}
    assert reached["delivered"]["reached_at"] and reached["requirements"]["planned"]
    html, body = (
        page.get_data(as_text=True),
        api.get(f"/api/v1/regions/{tenant_a.region_id}/pipeline").get_data(as_text=True),
    )
    for shown in (html, body):
        assert "Flesberg" in shown and "Kongsberg" in shown
        # Neither the needs nor the tender: its supplier, its organisation number, the requirements it was held to.
        for secret in (NEED_TITLE, "Flesberg arkiv", SUPPLIER, "981541332", "Kryptering", "Data i EØS"):
            assert secret not in shown, secret
    assert not {"score", "scores", "supplier_name", "tenders"} & {key for row in rows for key in row}


def test_a_contract_without_personal_data_needs_no_dpa(app, tenant_a):
    signed = signed_procurement(app, tenant_a, personal_data=False)
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    (row,) = api.get(f"/api/v1/regions/{tenant_a.region_id}/pipeline").get_json()
    assert row["id"] == signed.procurement_id
    assert (row["contract_status"], row["dpa_status"]) == ("signed", "not_required")


def test_members_and_staff_read_it_and_another_region_gets_404(app, tenant_a, tenant_b):
    procurement_with_need(app, tenant_a)
    for who in ("it", "chief", "coordinator"):
        api = signed_in(app.test_client(), tenant_a.people[who])
        assert api.get(f"/regions/{tenant_a.region_id}/pipeline").status_code == 200, who
    outsider = signed_in(app.test_client(), tenant_b.people["partner"])
    for path in (f"/regions/{tenant_a.region_id}/pipeline", f"/api/v1/regions/{tenant_a.region_id}/pipeline"):
        answer = outsider.get(path)
        assert answer.status_code == 404 and "Kongsberg" not in answer.get_data(as_text=True)


def test_a_page_is_read_in_the_same_number_of_queries_however_many_rows(app, tenant_a):
    api = signed_in(app.test_client(), tenant_a.people["partner"])
    path = f"/api/v1/regions/{tenant_a.region_id}/pipeline"
    procurement_with_need(app, tenant_a, title="En")
    with counting_statements(app) as one:
        assert len(api.get(path).get_json()) == 1
    for title in ("To", "Tre", "Fire"):
        procurement_with_need(app, tenant_a, title=title)
    with counting_statements(app) as four:
        assert len(api.get(path).get_json()) == 4
    assert len(four) == len(one)
    paged = api.get(f"{path}?size=2")
    assert len(paged.get_json()) == 2 and 'rel="next"' in paged.headers["Link"]
