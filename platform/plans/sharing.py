"""Splitting an item's cost over its participants by the region's key, exactly, in whole minor units.

Pure arithmetic, no database: ``weights`` turns a key (equal, by population, a mix,
or fixed shares) into exact fractions, and ``split`` turns a total into integer
shares by the largest-remainder (Hamilton) method, with ``Fraction`` so that no
floating-point rounding decides who pays the extra øre.

Guarantees (tests/platform/plans/test_sharing.py checks them over thousands of splits):
the shares are non-negative integers, add up exactly to the total, and each differs
from its exact quota (total x weight) by less than one minor unit.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction

EQUAL, POPULATION, MIX, FIXED = "equal", "population", "mix", "fixed"


def split(total_minor: int, weights: Mapping[Hashable, Fraction | int]) -> dict:
    """``total_minor`` split in proportion to ``weights`` (any non-negative numbers, not all zero).

    Each key first gets the whole part of its exact quota; the units left over (fewer
    than the number of keys) go one each to the largest fractional remainders. Ties
    are broken by the keys' sort order, smallest first (tenant ids: the tenant
    registered first), so the same input always gives the same shares.
    """
    if total_minor < 0:
        raise ValueError("the total must not be negative")
    if not weights:
        if total_minor:
            raise ValueError("a cost needs at least one participant to carry it")
        return {}
    exact = {key: Fraction(w) for key, w in weights.items()}
    if any(w < 0 for w in exact.values()) or not any(exact.values()):
        raise ValueError("weights must be non-negative and not all zero")
    whole = sum(exact.values())
    quotas = {key: total_minor * w / whole for key, w in exact.items()}
    shares = {key: q.numerator // q.denominator for key, q in quotas.items()}
    left = total_minor - sum(shares.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - shares[key]), key))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


def weights(
    method: str, equal_percent: int, participants: Mapping[Hashable, int], fixed: Mapping[Hashable, int] | None = None
) -> dict:
    """Each participant's exact weight (they add up to 1) under the region's key.

    ``participants`` maps a tenant to its population; ``fixed`` maps tenants to basis
    points for the 'fixed' key. Fixed shares set for all members are renormalised
    over the item's participants; a key that gives every participant zero (no
    population registered, no fixed share) falls back to equal shares.
    """
    if not participants:
        return {}
    equal = {key: Fraction(1, len(participants)) for key in participants}
    if method == EQUAL:
        return equal
    if method == FIXED:
        return _normalised({key: (fixed or {}).get(key, 0) for key in participants}) or equal
    by_population = _normalised(participants) or equal
    if method == POPULATION:
        return by_population
    if method == MIX:
        part = Fraction(equal_percent, 100)
        return {key: part * equal[key] + (1 - part) * by_population[key] for key in participants}
    raise ValueError(f"unknown cost-sharing method {method!r}")


def _normalised(values: Mapping[Hashable, int]) -> dict | None:
    whole = sum(values.values())
    if whole <= 0:
        return None
    return {key: Fraction(value, whole) for key, value in values.items()}
