"""The OCDS builder on plain facts, the compiled record under OCDS merge rules, the offline validation (no
socket is opened) and ``samverka ocds validate``: no database needed."""

from __future__ import annotations

import json
import socket
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from referencing.exceptions import Unresolvable

from samverka.platform.cli import main
from samverka.platform.publication import ocds, packages
from samverka.platform.publication.facts import (
    AwardFacts,
    Buyer,
    ContractFacts,
    DeliveredPaper,
    DeliveryFacts,
    Organisation,
    ProcurementFacts,
)
from samverka.platform.publication.schema import SCHEMA_URL, merge_patch, registry, release_schema
from samverka.platform.publication.validation import errors

TIME = datetime(2027, 3, 1, 9, 30)
STRÖMSTAD = Organisation("Strömstads kommun", "SE", "2120001488")
TANUM = Organisation("Tanums kommun", "SE", "2120001470")
SUPPLIER = Organisation("Formpipe Software AB", "SE", "5560360793")


def facts(**overrides) -> ProcurementFacts:
    """A Swedish region's procurement, delivered: every stage reached."""
    base = {
        "id": 7,
        "region_id": 3,
        "region_name": "Norra Bohuslän",
        "currency": "SEK",
        "title": "Gemensamt e-arkiv",
        "description": "Ett e-arkiv för två kommuner",
        "created_at": datetime(2027, 1, 10, 8),
        "published_at": datetime(2027, 6, 1),
        "budget_minor": 100_000_00,
        "buyers": (Buyer(1, STRÖMSTAD, 60_000_00, 240_000_00), Buyer(2, TANUM, 40_000_00, 160_000_00)),
        "cpv_codes": ("48000000", "72000000"),
        "stage_entered": {"competition": datetime(2027, 2, 1)},
        "award": AwardFacts(TIME, SUPPLIER, 400_000_00),
        "contract": ContractFacts("E-arkiv", date(2027, 5, 1), date(2031, 4, 30), 400_000_00, datetime(2027, 4, 2)),
        "delivery": DeliveryFacts(datetime(2027, 4, 3), (DeliveredPaper(1, "contract", "application/pdf", TIME),)),
    }
    return ProcurementFacts(**{**base, **overrides})


def package(found: ProcurementFacts) -> dict:
    return packages.release_package(
        ocds.releases(found, "ocds-test"),
        uri="https://example.test/p",
        publisher="Test",
        published_date="2027-06-01T00:00:00Z",
    )


@pytest.fixture
def no_network(monkeypatch):
    """Any socket opened is a failure: validation and merging must read only the files shipped."""

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_every_stage_is_a_release_with_its_own_id_date_and_tag(no_network):
    releases = ocds.releases(facts(), "ocds-test")
    assert [(r["id"], r["tag"], r["date"]) for r in releases] == [
        ("ocds-test-7-planning", ["planning"], "2027-01-10T08:00:00Z"),
        ("ocds-test-7-tender", ["tender"], "2027-02-01T00:00:00Z"),
        ("ocds-test-7-award", ["award"], "2027-03-01T09:30:00Z"),
        ("ocds-test-7-contract", ["contract"], "2027-04-02T00:00:00Z"),
        ("ocds-test-7-implementation", ["implementation"], "2027-04-03T00:00:00Z"),
    ]
    assert errors(package(facts())) == []


def test_swedish_organisations_are_identified_in_bolagsverkets_scheme(no_network):
    parties = ocds.releases(facts(), "ocds-test")[-1]["parties"]
    assert {p["id"] for p in parties if "identifier" in p} == {
        "SE-BLV-2120001488",
        "SE-BLV-2120001470",
        "SE-BLV-5560360793",
    }
    assert ocds.releases(facts(), "ocds-test")[0]["language"] == "sv"


def test_only_the_stages_reached_and_a_cancellation_is_its_own_release(no_network):
    early = facts(stage_entered={"competition": datetime(2027, 2, 1), "cancelled": datetime(2027, 2, 20)})
    early = ProcurementFacts(**{**early.__dict__, "award": None, "contract": None, "delivery": None})
    releases = ocds.releases(early, "ocds-test")
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["tenderCancellation"]]
    assert releases[-1]["tender"]["status"] == "cancelled"
    assert all(p["roles"] != ["supplier", "tenderer"] for r in releases for p in r["parties"])
    assert errors(package(early)) == []


def test_the_compiled_release_follows_the_merge_rules(no_network):
    releases = ocds.releases(facts(), "ocds-test")
    compiled = packages.compiled(releases)
    assert compiled["tag"] == ["compiled"] and compiled["ocid"] == "ocds-test-7"
    assert compiled["tender"]["status"] == "complete" and compiled["tender"]["title"] == "Gemensamt e-arkiv"
    contracts = {c["id"]: c for c in compiled["contracts"]}
    strömstad = contracts["ocds-test-7-contract-SE-BLV-2120001488"]
    assert strömstad["buyer"]["name"] == "Strömstads kommun" and strömstad["value"]["amount"] == 240_000
    assert strömstad["implementation"]["documents"][0]["documentType"] == "contractSigned"
    assert "implementation" not in contracts["ocds-test-7-contract-SE-BLV-2120001470"]  # no paper of Tanum's
    assert "url" not in json.dumps(compiled)
    record = packages.record_package(
        [packages.record("ocds-test-7", releases, "https://example.test/r")],
        uri="https://example.test/rec",
        publisher="Test",
        published_date="2027-06-01T00:00:00Z",
    )
    assert errors(record) == []


def test_the_validation_finds_what_is_wrong(no_network):
    broken = package(facts())
    broken["releases"][0]["tag"] = ["planned"]
    broken["releases"][0]["parties"][0]["roles"] = ["boss"]
    broken["releases"][1]["tender"]["procuringEntity"] = {"id": "nobody", "name": "Nobody"}
    del broken["publisher"]
    found = errors(broken)
    assert any("'publisher' is a required property" in e for e in found)
    assert any("'planned' is not one of" in e for e in found)
    assert any("'boss' is not in partyRole.csv" in e for e in found)
    assert any("'nobody' is not among the parties" in e for e in found)


def test_the_extensions_are_merged_into_the_release_schema_as_json_merge_patches():
    schema = release_schema()
    assert "budgetBreakdown" in schema["definitions"]["Budget"]["properties"]
    assert "buyer" in schema["definitions"]["Contract"]["properties"]
    assert "amount" in schema["definitions"]["Budget"]["properties"]  # the core's properties kept
    assert merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"b": None, "d": 3}}) == {"a": {"c": 2, "d": 3}}
    assert merge_patch({"a": [1]}, {"a": [2]}) == {"a": [2]}


def test_the_command_prints_the_errors_of_a_package_file(tmp_path, no_network):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(package(facts())), encoding="utf-8")
    broken = package(facts())
    broken["version"] = "latest"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["ocds", "validate", str(good)]).exit_code == 0
    answer = runner.invoke(main, ["ocds", "validate", str(bad)])
    assert answer.exit_code == 1 and answer.output.startswith("version: 'latest' does not match")


def test_a_schema_reference_not_shipped_is_refused_never_downloaded(no_network):
    shipped = registry()
    assert shipped.get_or_retrieve(f"{SCHEMA_URL}release-schema.json").value.contents == release_schema()
    with pytest.raises(Unresolvable):
        shipped.resolver().lookup(f"{SCHEMA_URL}release-schema-1.2.json")
