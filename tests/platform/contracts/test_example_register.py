"""The example register shipped for the demo: valid, and imported it plans re-procurements at seed 003's lead times
that the next action-plan draft then holds."""

from __future__ import annotations

from datetime import date
from html import unescape
from pathlib import Path

from sqlalchemy import select

from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models import Need
from samverka.platform.plans.models import PlanItem
from samverka.platform.plans.tasks import draft_plan
from tests.platform.contracts.support import opt_in_to_submission
from tests.support.api import signed_in

EXAMPLE = Path(__file__).parents[3] / "platform" / "contracts" / "data" / "example-register-notodden.csv"
# Worked by hand: the last possible end minus 24 months (business systems), 18 (hardware, consultants), 12 (others).
STARTS = {
    "Økonomisystem": date(2027, 6, 30),  # extendable to 2029-06-30
    "PC-er og nettbrett": date(2026, 12, 30),  # ends 2028-06-30 (same day of the month)
    "Utskrift som tjeneste": date(2027, 3, 31),  # ends 2028-03-31
    "Elevdokumentasjon og læringsplattform": date(2027, 7, 31),  # extendable to 2029-07-31
    "Konsulentbistand informasjonssikkerhet": date(2029, 6, 30),  # ends 2030-12-31
    "Mobiltelefoni": date(2028, 9, 30),  # ends 2029-09-30
}


def _planned(app) -> dict[str, date]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        rows = db.session.execute(
            select(Contract.title, Reprocurement.starts_on).join(
                Reprocurement, Reprocurement.contract_id == Contract.id
            )
        ).all()
        return dict(rows)


def test_importing_the_example_plans_the_due_reprocurements_and_the_draft_holds_them(app, client, tenant_a):
    today = utcnow().date()
    horizon = date(today.year + 1, 12, 31)
    api = signed_in(client, tenant_a.people["it"])
    opt_in_to_submission(app, tenant_a.tenant_id)

    answer = api.post(
        f"/api/v1/tenants/{tenant_a.tenant_id}/contract-imports",
        {"filename": EXAMPLE.name, "content": EXAMPLE.read_text(encoding="utf-8")},
    )

    assert answer.status_code == 202, answer.get_json()
    due = {title: start for title, start in STARTS.items() if start <= horizon}
    assert _planned(app) == due and len(due) >= 4  # the last two fall due only in later plans
    draft_plan_year = today.year + 1
    with app.app_context():
        draft_plan(tenant_a.region_id, draft_plan_year)
        bind_principal(db.session, Principal.system("test read"))
        items = set(db.session.scalars(select(PlanItem.need_id).where(PlanItem.need_id.is_not(None))))
        needs = dict(db.session.execute(select(Need.title, Need.status).join(Reprocurement)).all())
        submitted = set(db.session.scalars(select(Need.id).join(Reprocurement).where(Need.status == "submitted")))
    assert submitted and submitted <= items
    # The register does not say what personal data a contract's system holds: those needs wait as drafts.
    drafts = {title.split(" (", 1)[0] for title, status in needs.items() if status == "draft"}
    assert drafts == {"Økonomisystem", "Elevdokumentasjon og læringsplattform"} & set(due)


def test_the_imports_page_names_the_reprocurement_needs_it_created(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    answer = api.post(
        f"/api/v1/tenants/{tenant_a.tenant_id}/contract-imports",
        {"filename": EXAMPLE.name, "content": EXAMPLE.read_text(encoding="utf-8")},
    )
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        created = db.session.execute(select(Need.id, Need.title).join(Reprocurement)).all()
    assert created

    client.set_cookie("samverka_lang", "en")
    page = unescape(client.get(f"/contract-imports/{answer.get_json()['id']}").get_data(as_text=True))

    assert f"{len(created)} re-procurement needs were created" in page
    for need_id, title in created:
        assert f'<a href="/needs/{need_id}">{title.replace("reanskaffelse", "re-procurement")}</a>' in page
