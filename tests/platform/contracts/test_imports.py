"""CSV import: the whole file is checked first, a line-by-line report, all or nothing, visible progress."""

from __future__ import annotations

import gc
import io

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract, ContractImport
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.platform.contracts.support import ATEA_SE, EVRY, VISMA, report_rows
from tests.support import services as test_services
from tests.support.api import count_rows, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in

HEADER = (
    "title;supplier_name;supplier_organisation_number;supplier_country;category;cpv_codes;starts_on;ends_on;"
    "extension_options;extendable_to;annual_value;kraljic;personal_data;dpa_status;document_url"
)


def _line(n: int, orgnr: str = VISMA) -> str:
    return (
        f"Ekonomisystem {n};Visma Enterprise AS;{orgnr};NO;business_systems;48443000-5;2021-01-01;2026-12-31;"
        f"1+1 år;2028-12-31;1 250 000,50;strategic;ja;signed;https://arkiv.example.no/kontrakt/{n}"
    )


def _file(lines: int, bad_line: int | None = None) -> bytes:
    """``lines`` lines in all, the header being line 1; ``bad_line`` gets an invalid organisation number."""
    rows = [_line(n, "123456789" if n == bad_line else VISMA) for n in range(2, lines + 1)]
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _upload(api, tenant_id: int, data: bytes):
    return api.post(
        f"/api/v1/tenants/{tenant_id}/contract-imports", {"filename": "avtaler.csv", "content": data.decode("utf-8")}
    )


def test_a_bad_organisation_number_on_line_213_is_reported_and_nothing_imported(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    answer = _upload(api, tenant_a.tenant_id, _file(250, bad_line=213))
    assert answer.status_code == 422
    report = answer.get_json()["errors"]["json"]["file"]
    assert report == [
        {
            "line": 213,
            "column": "supplier_organisation_number",
            "message": "123456789 er ikke et gyldig norsk organisasjonsnummer.",
        }
    ]
    assert count_rows(app, Contract) == 0 and count_rows(app, ContractImport) == 0


def test_a_wrong_column_is_named_with_the_expected_ones(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    data = _file(3).replace(b"supplier_name;", b"leverandor;", 1)
    report = _upload(api, tenant_a.tenant_id, data).get_json()["errors"]["json"]["file"]
    assert {(p["line"], p["column"]) for p in report} == {(1, "leverandor"), (1, "supplier_name")}
    assert all("title, supplier_name, supplier_organisation_number" in p["message"] for p in report)
    assert count_rows(app, Contract) == 0


def test_each_bad_value_is_reported_on_its_line(app, client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    bad_dates = _line(2).replace("2021-01-01;2026-12-31", "2027-01-01;2026-12-31")
    bad_extension = _line(3).replace("2028-12-31", "2025-12-31")
    no_dpa = _line(4).replace(";ja;signed;", ";ja;;")
    data = "\n".join([HEADER, bad_dates, bad_extension, no_dpa, _line(5).replace("48443000-5", "48443000-1")])
    report = _upload(api, tenant_a.tenant_id, data.encode()).get_json()["errors"]["json"]["file"]
    assert [(p["line"], p["column"]) for p in report] == [
        (2, "ends_on"),
        (3, "extendable_to"),
        (4, "dpa_status"),
        (5, "cpv_codes"),
    ]


@pytest.mark.committed
@pytest.mark.postgres
def test_a_valid_file_imports_everything_at_once_with_visible_progress(app, client, tenant_a):
    app.config["CONTRACT_IMPORT_BATCH"] = 40
    seen = []
    owner_engine = create_engine(test_services.superuser_url())  # sees through RLS

    def watch(session):
        with owner_engine.connect() as conn:
            seen.append(
                tuple(
                    conn.execute(
                        text("SELECT (SELECT done FROM contract_imports), (SELECT count(*) FROM contracts)")
                    ).one()
                )
            )

    event.listen(Session, "after_commit", watch)
    try:
        data = (
            _file(201)
            .replace(b";NO;", b";SE;")
            .replace(VISMA.encode(), ATEA_SE.encode())
            .replace(b"1 250 000,50", b"1250000.50")
            .replace(b";", b",")
        )  # a comma-separated file
        answer = _upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, data)
    finally:
        event.remove(Session, "after_commit", watch)
        owner_engine.dispose()
    assert answer.status_code == 202, answer.get_data(as_text=True)
    assert count_rows(app, Contract) == 200
    progress = [done for done, contracts in seen if done and contracts == 0]
    assert progress == [40, 80, 120, 160, 200]  # committed while the contracts were not yet visible
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        done = db.session.scalars(select(ContractImport)).one()
        assert (done.status, done.done, done.total) == ("done", 200, 200)
        contract = db.session.scalars(select(Contract).order_by(Contract.id)).first()
        assert (contract.supplier_organisation_number, contract.annual_value_minor) == (ATEA_SE, 125_000_050)
    status = api_get(app, tenant_a, done.id)
    assert (status["status"], status["done"], status["total"]) == ("done", 200, 200)


def api_get(app, tenant_a, import_id):
    return signed_in(app.test_client(), tenant_a.people["it"]).get(f"/api/v1/contract-imports/{import_id}").get_json()


@pytest.mark.postgres
def test_rerunning_a_done_import_does_nothing(app, client, tenant_a):
    from samverka.platform.contracts.tasks import run_import

    _upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, _file(4))
    with app.app_context():
        bind_principal(db.session, Principal.system("test"))
        import_id = db.session.scalar(select(ContractImport.id))
        run_import(import_id)
    assert count_rows(app, Contract) == 3


def test_the_import_job_pauses_cyclic_collection_and_turns_it_back_on(app, client, tenant_a):
    """The job's thousands of objects are not rescanned by each collection while it runs (tasks.run_import)."""
    app.config["CONTRACT_IMPORT_BATCH"] = 2
    collecting = []

    def watch(session):
        collecting.append(gc.isenabled())

    event.listen(Session, "after_commit", watch)
    try:
        answer = _upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, _file(5))
    finally:
        event.remove(Session, "after_commit", watch)
    assert answer.status_code == 202, answer.get_data(as_text=True)
    assert count_rows(app, Contract) == 4
    assert collecting[0] and False in collecting and gc.isenabled()  # on at the upload, off during the import


def test_the_import_page_shows_the_report_and_then_the_progress(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    token = csrf_from(client, f"/tenants/{tenant_a.tenant_id}/contracts/import")
    refused = client.post(
        f"/tenants/{tenant_a.tenant_id}/contracts/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(_file(5, bad_line=4)), "a.csv")},
    )
    assert refused.status_code == 422
    assert report_rows(refused.get_data(as_text=True))[0][:2] == ("4", "supplier_organisation_number")
    data = _file(3).replace(VISMA.encode(), EVRY.encode())
    done = client.post(
        f"/tenants/{tenant_a.tenant_id}/contracts/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(data), "b.csv")},
        follow_redirects=True,
    )
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and '<progress id="import-progress" max="2" value="2">' in html
    assert 'http-equiv="refresh"' not in html  # done: no more refreshing
