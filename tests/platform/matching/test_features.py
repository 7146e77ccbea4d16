"""The pair rules outside text: CPV hierarchy, timing with lead times, names."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.platform.core.catalogue import DEFAULT_LEAD_TIMES
from samverka.platform.matching.engine import NeedFeatures
from samverka.platform.matching.features import (
    cpv_level,
    cpv_significant,
    cpv_similarity,
    lead_time,
    month_number,
    name_key,
    prepare,
    quarter_label,
    quarter_start,
    shared_cpv,
    timing_factor,
    window,
)

TODAY = date(2025, 1, 15)


def _need(**changes) -> NeedFeatures:
    fields = {
        "need_id": 1,
        "tenant_id": 1,
        "region_id": 1,
        "kind": "replacement",
        "category": "business_systems",
        "cpv_codes": ("48000000",),
        "title": "Lønnssystem",
        "description": "",
    }
    return NeedFeatures(**{**fields, **changes})


def test_trailing_zeros_of_a_cpv_code_are_not_significant():
    assert cpv_significant("48000000") == "48"
    assert cpv_significant("48311000") == "48311"
    assert cpv_significant("30213100-6") == "302131"  # the check digit is ignored
    assert cpv_significant("03000000") == "03"


def test_a_deeper_shared_cpv_prefix_scores_more():
    document_management = [cpv_significant("48311000")]
    # sharing nothing, the division (48), the group (483), the class (4831), the category (48311)
    others = ("72000000", "48900000", "48300000", "48310000", "48311100")
    scores = [cpv_similarity(document_management, [cpv_significant(code)]) for code in others]
    assert scores[0] == 0.0
    assert scores == sorted(set(scores))


def test_cpv_levels_are_named():
    assert [cpv_level(code) for code in ("48000000", "48300000", "48310000", "48311000", "48311100")] == [
        "division",
        "group",
        "class",
        "category",
        "code",
    ]


def test_the_best_pair_of_codes_counts():
    assert cpv_similarity(["72", "48311"], ["48311"]) == cpv_similarity(["48311"], ["48311"])
    assert cpv_similarity([], ["48"]) == 0.0


def test_the_deepest_prefix_every_need_reaches_is_named_in_full():
    assert shared_cpv([["48311"], ["483111"], ["48", "4831"]]) == "48310000"
    assert shared_cpv([["48311"], ["72"]]) is None


def test_quarters_and_months():
    assert quarter_start("2027-Q1") == month_number(date(2027, 1, 1))
    assert quarter_label(month_number(date(2027, 12, 31))) == "2027-Q4"
    with pytest.raises(ValueError):
        quarter_start("2027-05")


def test_lead_times_follow_seed_003_and_can_be_overridden():
    assert lead_time("business_systems") == 24
    assert lead_time("it_hardware") == lead_time("it_consultants") == 18
    assert lead_time("telecom") == 12
    assert lead_time("business_systems", {"business_systems": 30}) == 30
    assert lead_time("it_hardware", {"business_systems": 30}) == DEFAULT_LEAD_TIMES["it_hardware"]


def test_a_window_runs_from_the_desired_start_to_the_day_after_the_last_possible_end():
    need = _need(desired_start="2028-Q1", contract_end=date(2027, 12, 31), extension_until=date(2028, 12, 31))
    found = window(need, TODAY, lead=12)
    assert (quarter_label(found.earliest), quarter_label(found.latest)) == ("2028-Q1", "2029-Q1")


def test_no_window_is_earlier_than_today_plus_the_lead_time():
    # a contract that ends next month cannot be replaced by a joint procurement before the lead time
    found = window(_need(contract_end=date(2025, 2, 28)), TODAY, lead=24)
    assert found.earliest == found.latest == month_number(TODAY) + 24


def test_no_dates_no_window():
    assert window(_need(), TODAY, lead=24) is None


def test_timing_counts_fully_when_close_less_further_apart_and_not_beyond_the_lead_time():
    close, apart, beyond = (float(timing_factor(gap, 24)) for gap in (2, 20, 25))
    assert close == 1.0
    assert 0.6 <= apart < close
    assert beyond == 0.0


def test_the_same_gap_fits_a_business_system_but_not_hardware():
    assert float(timing_factor(20, lead_time("business_systems"))) > 0
    assert float(timing_factor(20, lead_time("it_hardware"))) == 0


def test_names_compare_without_versions_legal_forms_and_countries():
    assert name_key("ePhorte 5") == name_key("ephorte") == "ephorte"
    assert name_key("Tietoevry Norway AS") == name_key("TietoEVRY Sverige AB") == "tietoevry"
    assert name_key("Visma Enterprise") != name_key("Visma Flyt Skole")
    assert name_key("") is None


def test_unknown_kinds_and_categories_are_refused():
    with pytest.raises(ValueError):
        prepare(_need(kind="wish"), TODAY)
    with pytest.raises(ValueError):
        prepare(_need(category="furniture"), TODAY)
