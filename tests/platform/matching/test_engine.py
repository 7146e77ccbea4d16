"""The engine's rules: who may be grouped, stable signatures, reasons in words."""

from __future__ import annotations

import random
from datetime import date

import pytest

from samverka.platform.matching.engine import (
    NeedFeatures,
    Reason,
    describe,
    explain,
    match_all,
    match_region,
    signature,
)

TODAY = date(2025, 9, 1)


def _need(need_id: int, tenant: int, title: str, *, region: int = 1, **changes) -> NeedFeatures:
    fields = {
        "kind": "new",
        "category": "business_systems",
        "cpv_codes": ("48000000",),
        "description": "",
        "desired_start": "2027-Q4",
    }
    return NeedFeatures(need_id, tenant, region, **{**fields, **changes}, title=title)


def _ids(proposals) -> list[tuple[int, ...]]:
    return [p.need_ids for p in proposals]


def test_two_tenants_with_the_same_need_are_proposed_together():
    proposals = match_region([_need(1, 10, "Lønnssystem"), _need(2, 11, "Lönesystem")], today=TODAY)
    assert _ids(proposals) == [(1, 2)]
    assert 0 < proposals[0].score <= 1


def test_two_needs_of_one_tenant_never_form_a_proposal_alone():
    assert match_region([_need(1, 10, "Lønnssystem"), _need(2, 10, "Nytt lønnssystem")], today=TODAY) == []


def test_one_tenant_may_bring_two_needs_to_a_group_with_another_tenant():
    needs = [_need(1, 10, "Lønnssystem"), _need(2, 10, "Nytt lønnssystem"), _need(3, 11, "Lönesystem")]
    assert _ids(match_region(needs, today=TODAY)) == [(1, 2, 3)]


def test_needs_of_different_regions_are_never_grouped():
    needs = [_need(1, 10, "Lønnssystem", region=1), _need(2, 11, "Lönesystem", region=2)]
    assert match_all(needs, today=TODAY) == []
    with pytest.raises(ValueError):
        match_region(needs, today=TODAY)


def test_a_full_rematch_keeps_each_region_to_itself():
    needs = [
        _need(1, 10, "Lønnssystem", region=1),
        _need(2, 11, "Lønnssystem", region=1),
        _need(3, 20, "Lönesystem", region=2),
        _need(4, 21, "Lönesystem", region=2),
    ]
    proposals = match_all(needs, today=TODAY)
    assert [(p.region_id, p.need_ids) for p in proposals] == [(1, (1, 2)), (2, (3, 4))]


def test_needs_far_apart_in_time_are_not_grouped():
    needs = [_need(1, 10, "Lønnssystem", desired_start="2027-Q4"), _need(2, 11, "Lönesystem", desired_start="2030-Q4")]
    assert match_region(needs, today=TODAY) == []


def test_a_contract_ending_within_the_lead_time_of_the_other_start_fits():
    needs = [
        _need(1, 10, "Lønnssystem", desired_start="2028-Q1"),
        _need(2, 11, "Lönesystem", desired_start=None, contract_end=date(2029, 6, 30), kind="replacement"),
    ]
    assert _ids(match_region(needs, today=TODAY)) == [(1, 2)]
    shorter = {"business_systems": 12}
    assert match_region(needs, today=TODAY, lead_times=shorter) == []


def test_a_hub_does_not_chain_unrelated_needs_together():
    payroll, archive = _need(1, 10, "Lønnssystem"), _need(2, 11, "Sak- og arkivsystem")
    hub = _need(3, 12, "Lønnssystem og sak- og arkivsystem")
    # like both, but the two are unlike each other: the hub joins one of them, never both
    assert _ids(match_region([payroll, archive, hub], today=TODAY)) in ([(1, 3)], [(2, 3)])


def test_initiatives_are_matched_to_warn_of_duplicate_work():
    needs = [
        _need(1, 10, "Robotisering (RPA)", kind="initiative", desired_start=None, cpv_codes=()),
        _need(2, 11, "Förstudie RPA och automatisering", kind="initiative", desired_start=None, cpv_codes=()),
    ]
    (proposal,) = match_region(needs, today=TODAY)
    assert Reason("initiative_overlap", {"count": 2}) in proposal.reasons


def test_the_output_is_sorted_and_does_not_depend_on_input_order():
    needs = [
        _need(k, 10 + k % 4, title)
        for k, title in enumerate(
            [
                "Lønnssystem",
                "Lönesystem",
                "Sak- og arkivsystem",
                "Ärendehanteringssystem och e-arkiv",
                "Trygghetsalarmer",
                "Trygghetslarm",
                "Lønns- og personalsystem",
                "E-arkiv",
            ],
            start=1,
        )
    ]
    first = match_region(needs, today=TODAY)
    shuffled = needs[:]
    random.Random(3).shuffle(shuffled)
    assert match_region(shuffled, today=TODAY) == first
    assert [p.score for p in first] == sorted((p.score for p in first), reverse=True)
    assert all(p.need_ids == tuple(sorted(p.need_ids)) for p in first)


def test_a_signature_is_stable_and_changes_with_a_need_version():
    needs = [_need(1, 10, "Lønnssystem"), _need(2, 11, "Lönesystem")]
    versions = {1: "3", 2: "7"}
    (before,) = match_region(needs, today=TODAY, versions=versions)
    (again,) = match_region(list(reversed(needs)), today=TODAY, versions=dict(versions))
    (changed,) = match_region(needs, today=TODAY, versions={1: "4", 2: "7"})
    assert before.signature == again.signature == signature(1, [2, 1], versions)
    assert changed.signature != before.signature
    assert signature(1, [1, 2], versions) != signature(2, [1, 2], versions)


def test_reasons_say_why_in_words():
    needs = [
        _need(
            1,
            10,
            "Nytt sak- og arkivsystem",
            kind="replacement",
            desired_start=None,
            contract_end=date(2026, 12, 31),
            current_solution="ePhorte",
            current_supplier="Sikri AS",
        ),
        _need(
            2,
            11,
            "Erstatte sak/arkiv",
            kind="replacement",
            current_solution="ePhorte 5",
            current_supplier="Sikri",
            cpv_codes=("48311000",),
        ),
    ]
    (proposal,) = match_region(needs, today=TODAY)
    codes = {r.code: r.params for r in proposal.reasons}
    assert codes["both_replace"] == {"count": 2, "solution": "ePhorte"}
    assert codes["timing"] == {"quarter": "2027-Q3"}
    assert codes["cpv_overlap"] == {"cpv": "48000000", "level": "division"}
    assert set(codes["similar_text"]["concepts"]) == {"archive", "case_management"}
    sentence = describe(proposal.reasons)
    assert sentence.startswith("both replace ePhorte; same current solution: ePhorte")
    assert "needed by 2027-Q3" in sentence and "CPV 48000000" in sentence
    assert "similar descriptions (archive, case management)" in sentence


def test_every_reason_code_is_explained():
    reasons = [
        Reason("both_replace", {"count": 3}),
        Reason("same_solution", {"solution": "Visma"}),
        Reason("same_supplier", {"supplier": "Visma AS"}),
        Reason("timing", {"quarter": "2027-Q1"}),
        Reason("cpv_overlap", {"cpv": "48000000", "level": "division"}),
        Reason("same_category", {"category": "business_systems"}),
        Reason("similar_text", {"terms": ["payroll"], "concepts": ["payroll"]}),
        Reason("initiative_overlap", {"count": 1}),
    ]
    assert [explain(r) for r in reasons] == [
        "all 3 replace an existing solution",
        "same current solution: Visma",
        "same current supplier: Visma AS",
        "compatible timing: needed by 2027-Q1",
        "CPV 48000000 (division)",
        "same category: business systems",
        "similar descriptions (payroll)",
        "includes an initiative reported for information: avoid duplicate work",
    ]
    with pytest.raises(ValueError):
        explain(Reason("astrology", {}))


def test_too_few_needs_give_no_proposals():
    assert match_region([], today=TODAY) == []
    assert match_region([_need(1, 10, "Lønnssystem")], today=TODAY) == []


def test_a_need_may_appear_only_once():
    with pytest.raises(ValueError):
        match_region([_need(1, 10, "Lønnssystem"), _need(1, 11, "Lönesystem")], today=TODAY)
