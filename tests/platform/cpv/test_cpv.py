"""CPV 2008 codes: validation with and without the check digit, search by code and by words, and the API."""

from __future__ import annotations

import json

import pytest

from samverka.platform.cpv import services as cpv
from tests.support.api import assert_error_shape, signed_in


def test_the_shipped_list_is_the_whole_cpv_2008_with_its_origin_named():
    with open(cpv.DATA_FILE, encoding="utf-8") as data:
        assert len(json.load(data)) == 9454
    readme = (cpv.DATA_FILE.parent / "README.md").read_text()
    assert "openprocurement/standards" in readme and "213/2008" in readme


@pytest.mark.parametrize("typed", ["48000000-8", "48000000", "480000008", " 48000000 - 8 "])
def test_a_listed_code_is_accepted_with_or_without_its_check_digit(typed):
    assert cpv.parse(typed) == "48000000"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("48000000-9", "check_digit"),  # listed as 48000000-8
        ("72212311-3", "check_digit"),
        ("48999999", "unknown"),
        ("48999999-1", "unknown"),
        ("4800000", "format"),
        ("software", "format"),
        ("", "format"),
    ],
)
def test_a_wrong_check_digit_an_unlisted_code_or_a_malformed_one_is_refused(typed, reason):
    with pytest.raises(cpv.InvalidCpvCode) as refused:
        cpv.parse(typed)
    assert refused.value.reason == reason


def test_the_check_digit_is_the_listed_one_even_where_the_usual_weighting_disagrees():
    # 03300000 is listed as 03300000-2; the 3-7-1 weighting modulo 10 would give 4.
    assert cpv.check_digit("03300000") == "2"
    assert cpv.display("48311100") == "48311100-2"


def test_several_codes_are_read_from_one_line_without_repeats():
    assert cpv.parse_many("48311100-2, 72212311;48311100\n72000000-5") == ["48311100", "72212311", "72000000"]


def test_search_by_code_prefix_gives_the_more_general_codes_first():
    found = cpv.search("4831")
    assert [c.display for c in found[:2]] == ["48310000-4", "48311000-1"]
    assert all(c.code.startswith("4831") for c in found) and len(found) == 12
    assert len(cpv.search("48")) == cpv.SEARCH_LIMIT


def test_search_by_words_needs_every_word_in_the_label():
    found = cpv.search("document management")
    assert {c.display for c in found} >= {"48311000-1", "48311100-2", "72212311-2"}
    assert all("document" in c.label.lower() and "management" in c.label.lower() for c in found)
    assert cpv.search("no such words anywhere") == []


def test_the_api_answers_up_to_twenty_codes_with_their_check_digits(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    answer = api.get("/api/v1/cpv?q=document%20management")
    assert answer.status_code == 200
    shown = {row["code"]: row for row in answer.get_json()}
    assert shown["48311100-2"]["label"] == "Document management system"
    assert shown["48311100-2"]["labels"]["sv"] == "Dokumenthanteringssystem"
    assert len(api.get("/api/v1/cpv?q=48").get_json()) == 20


def test_the_api_needs_a_query_and_a_signed_in_person(client, tenant_a):
    assert_error_shape(client.get("/api/v1/cpv?q=48"), 401)
    api = signed_in(client, tenant_a.people["it"])
    assert list(assert_error_shape(api.get("/api/v1/cpv"), 422)["errors"]["query"]) == ["q"]
