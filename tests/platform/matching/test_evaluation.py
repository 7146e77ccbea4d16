"""Matching quality, measured (issue 3, item 5): pairwise precision and recall of the
engine's proposals against the labelled evaluation set, printed and held to 0.85.

A pair of needs is predicted together when some proposal holds both, and truly
together when some true group holds both. Run with ``-s`` to see the figures.
"""

from __future__ import annotations

from itertools import combinations

from samverka.platform.matching.engine import match_all
from tests.platform.matching.evaluation_set import HELD_OUT, HELD_OUT_GROUPS, NEEDS, TODAY, TRUE_GROUPS

THRESHOLD = 0.85


def _pairs(groups) -> set[frozenset[int]]:
    return {frozenset(pair) for group in groups for pair in combinations(sorted(group), 2)}


def _figures(needs, true_groups) -> tuple[float, float]:
    predicted = _pairs(p.need_ids for p in match_all(needs, today=TODAY))
    true = _pairs(true_groups)
    hits = len(predicted & true)
    return hits / len(predicted) if predicted else 0.0, hits / len(true)


def test_precision_and_recall_are_at_least_085():
    blocks = {
        "first block (tuned on)": (NEEDS, TRUE_GROUPS),
        "held-out block": (HELD_OUT, HELD_OUT_GROUPS),
        "whole set": (NEEDS + HELD_OUT, TRUE_GROUPS + HELD_OUT_GROUPS),
    }
    figures = {name: _figures(*block) for name, block in blocks.items()}
    for name, (precision, recall) in figures.items():
        print(f"matching evaluation, {name}: precision {precision:.3f}, recall {recall:.3f}")
    precision, recall = figures["whole set"]
    assert precision >= THRESHOLD, f"precision {precision:.3f} below {THRESHOLD}"
    assert recall >= THRESHOLD, f"recall {recall:.3f} below {THRESHOLD}"


def test_the_set_is_as_described():
    needs = NEEDS + HELD_OUT
    assert len(needs) >= 60
    assert len({n.tenant_id for n in needs}) >= 10
    assert len({n.need_id for n in needs}) == len(needs)
    labelled = set().union(*TRUE_GROUPS, *HELD_OUT_GROUPS)
    assert labelled <= {n.need_id for n in needs}
    region_of = {n.need_id: n.region_id for n in needs}
    tenant_of = {n.need_id: n.tenant_id for n in needs}
    for group in TRUE_GROUPS + HELD_OUT_GROUPS:
        assert len({region_of[i] for i in group}) == 1
        assert len({tenant_of[i] for i in group}) >= 2
    assert any(n.kind == "initiative" for n in needs)
