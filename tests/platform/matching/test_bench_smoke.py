"""The benchmark's generator and timing loop still run (at a tiny scale, not timed)."""

from __future__ import annotations

from bench.matching import REGIONS, TODAY, generate_needs, time_full_rematch
from samverka.platform.matching.engine import match_all


def test_the_generator_makes_needs_of_norwegian_and_swedish_municipalities_in_40_regions():
    needs = generate_needs(tenants=80, needs_per_tenant=3)
    assert len(needs) == 240
    assert len({n.tenant_id for n in needs}) == 80
    assert len({n.region_id for n in needs}) == REGIONS
    assert {n.need_id for n in needs} == set(range(1, 241))
    assert generate_needs(tenants=80, needs_per_tenant=3) == needs  # seeded
    titles = " ".join(n.title for n in needs)
    assert "ø" in titles or "æ" in titles  # Norwegian wording
    assert "ä" in titles or "ö" in titles  # Swedish wording


def test_more_needs_than_topics_repeat_topics():
    assert len(generate_needs(tenants=2, needs_per_tenant=70)) == 140


def test_a_full_rematch_of_generated_needs_runs():
    needs = generate_needs(tenants=160, needs_per_tenant=10)
    wall, cpu, count = time_full_rematch(needs)
    assert wall > 0 and cpu > 0
    assert count == len(match_all(needs, today=TODAY)) > 0
