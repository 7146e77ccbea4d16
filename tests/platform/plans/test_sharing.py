"""Cost sharing: worked examples a coordinator can check by hand, and every split over a wide random sweep."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from samverka.platform.plans.sharing import split, weights

# Kongsbergregionen's seven municipalities and their populations.
KONGSBERGREGIONEN = {
    "Kongsberg": 28200,
    "Flesberg": 2750,
    "Rollag": 1400,
    "Nore og Uvdal": 2450,
    "Notodden": 13100,
    "Hjartdal": 1600,
    "Tinn": 5700,
}
TOTAL = 125_000_000  # NOK 1 250 000,00 in øre


def test_a_30_70_mix_of_1_250_000_kroner_over_the_seven_municipalities():
    shares = split(TOTAL, weights("mix", 30, KONGSBERGREGIONEN))
    # Exact quotas, e.g. Kongsberg: 0.3 x 125 000 000 / 7 + 0.7 x 125 000 000 x 28200 / 55200
    # = 50 058 229.81...; the five largest remainders (Tinn .94, Nore og Uvdal .93, Kongsberg .81,
    # Rollag .76, Hjartdal .74) each get one øre more.
    assert shares == {
        "Kongsberg": 50_058_230,
        "Flesberg": 9_716_291,
        "Rollag": 7_576_346,
        "Nore og Uvdal": 9_240_748,
        "Notodden": 26_122_541,
        "Hjartdal": 7_893_375,
        "Tinn": 14_392_469,
    }
    assert sum(shares.values()) == TOTAL


def test_by_population_and_equal_shares_of_the_same_total():
    assert split(TOTAL, weights("population", 0, KONGSBERGREGIONEN)) == {
        "Kongsberg": 63_858_696,
        "Flesberg": 6_227_355,
        "Rollag": 3_170_290,
        "Nore og Uvdal": 5_548_007,
        "Notodden": 29_664_855,
        "Hjartdal": 3_623_188,
        "Tinn": 12_907_609,
    }
    equal = split(TOTAL, weights("equal", 0, KONGSBERGREGIONEN))
    # 17 857 142.857... each: six of the seven remainders are equal, so the tie-break by name decides.
    assert equal == dict.fromkeys(KONGSBERGREGIONEN, 17857143) | {"Tinn": 17_857_142}


def test_ties_are_broken_by_key_order_so_the_split_is_deterministic():
    assert split(100, {3: 1, 1: 1, 2: 1}) == {1: 34, 2: 33, 3: 33}
    assert split(2, {"b": 1, "a": 1, "c": 1}) == {"a": 1, "b": 1, "c": 0}


def test_fixed_shares_of_a_subset_are_renormalised_over_the_participants():
    fixed = {1: 5000, 2: 3000, 3: 2000}  # the region's whole key: 50 %, 30 %, 20 %
    assert weights("fixed", 0, {2: 100, 3: 100}, fixed) == {2: Fraction(3, 5), 3: Fraction(2, 5)}
    assert split(1_000_00, weights("fixed", 0, {2: 0, 3: 0}, fixed)) == {2: 60_000, 3: 40_000}


def test_a_key_giving_everyone_zero_falls_back_to_equal_shares():
    assert weights("population", 0, {1: 0, 2: 0}) == {1: Fraction(1, 2), 2: Fraction(1, 2)}
    assert weights("mix", 30, {1: 0, 2: 0}) == {1: Fraction(1, 2), 2: Fraction(1, 2)}
    assert weights("fixed", 0, {1: 10, 2: 10}, {3: 10_000}) == {1: Fraction(1, 2), 2: Fraction(1, 2)}


def test_nothing_to_split_and_nobody_to_carry_it():
    assert split(0, {}) == {}
    assert weights("mix", 30, {}) == {}
    with pytest.raises(ValueError):
        split(1, {})
    with pytest.raises(ValueError):
        split(-1, {1: 1})
    with pytest.raises(ValueError):
        weights("lottery", 0, {1: 1})


def _random_key(rng: random.Random, participants: dict[int, int]) -> dict:
    method = rng.choice(("equal", "population", "mix", "fixed"))
    fixed = {t: rng.randint(0, 10_000) for t in participants} if method == "fixed" else {}
    return weights(method, rng.randint(0, 100), participants, fixed)


def _totals(rng: random.Random):
    yield from (0, 1, 7, 99, 10**12, 10**12 - 1)
    while True:
        yield rng.choice((rng.randint(0, 1000), rng.randint(0, 10**7), rng.randint(0, 10**12)))


def test_every_split_adds_up_exactly_and_each_share_is_within_one_ore_of_its_quota():
    rng = random.Random(20261123)  # fixed seed: a failure is reproducible
    totals = _totals(rng)
    checked = 0
    for _ in range(6000):
        participants = {
            t: rng.choice((0, rng.randint(0, 1500), rng.randint(0, 1_000_000)))
            for t in rng.sample(range(1, 400), rng.randint(1, 12))
        }
        key, total = _random_key(rng, participants), next(totals)
        assert sum(key.values()) == 1
        shares = split(total, key)
        assert set(shares) == set(participants)
        assert sum(shares.values()) == total
        for tenant, share in shares.items():
            assert isinstance(share, int) and share >= 0
            assert abs(share - total * key[tenant]) < 1
        checked += 1
    assert checked == 6000
