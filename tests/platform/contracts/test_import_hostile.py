"""Hostile CSV files: a giant field and NUL bytes are a 422 with the line (and column), never a 500."""

from __future__ import annotations

import io

from samverka.platform.contracts.models import Contract, ContractImport
from tests.platform.contracts.support import report_rows
from tests.platform.contracts.test_imports import HEADER, _line, _upload
from tests.support.api import count_rows, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def _report(answer) -> list[dict]:
    assert answer.status_code == 422, answer.get_data(as_text=True)[:300]
    return answer.get_json()["errors"]["json"]["file"]


def test_a_field_over_csvs_own_limit_is_reported_by_line(app, client, tenant_a):
    giant = _line(3).replace("1+1 år", "x" * 140_000)
    report = _report(_upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, _csv(_line(2), giant)))
    assert [(p["line"], p["column"]) for p in report] == [(3, "")]
    assert "cannot be read as CSV" in report[0]["message"] or "kan ikke leses" in report[0]["message"]
    assert count_rows(app, Contract) == 0 and count_rows(app, ContractImport) == 0


def test_a_long_field_under_csvs_limit_is_named_by_column(app, client, tenant_a):
    long = _line(2).replace("1+1 år", "x" * 5_000)
    report = _report(_upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, _csv(long)))
    assert [(p["line"], p["column"]) for p in report] == [(2, "extension_options")]


def test_nul_bytes_are_refused_by_the_api_and_reported_by_line_and_column_on_the_page(app, client, tenant_a):
    lines = [
        _line(2),
        _line(3).replace("Visma Enterprise AS", "Visma\x00 AS"),
        _line(4).replace("Ekonomi", "\x00Ekonomi"),
    ]
    answer = _upload(signed_in(client, tenant_a.people["it"]), tenant_a.tenant_id, _csv(*lines))
    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]["json"]) == ["content"]  # refused where the API reads JSON
    token = csrf_from(client, f"/tenants/{tenant_a.tenant_id}/contracts/import")
    refused = client.post(
        f"/tenants/{tenant_a.tenant_id}/contracts/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(_csv(*lines)), "a.csv")},
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert [row[0] for row in report_rows(page)] == ["3", "4"]
    assert count_rows(app, Contract) == 0 and count_rows(app, ContractImport) == 0


def test_the_import_page_reports_a_giant_field(app, client, tenant_a):
    sign_in(client, tenant_a.people["it"])
    token = csrf_from(client, f"/tenants/{tenant_a.tenant_id}/contracts/import")
    refused = client.post(
        f"/tenants/{tenant_a.tenant_id}/contracts/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(_csv(_line(2) + "x" * 200_000)), "a.csv")},
    )
    assert refused.status_code == 422
    assert [row[0] for row in report_rows(refused.get_data(as_text=True))] == ["2"]
