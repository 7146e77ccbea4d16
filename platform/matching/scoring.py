"""Pair scores for one region, vectorised.

Comparing every need with every other is quadratic, so only pairs that share a text
feature (a concept or a trigram of an unknown word) or a current solution/supplier are
scored at all: without either, category and CPV alone stay below any grouping
threshold. Those pairs come from posting lists, built in bulk with numpy; a trigram
shared by many needs is dropped, which keeps their number near-linear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from samverka.platform.matching.features import UNKNOWN_TIMING, Prepared, cpv_similarity, timing_factor
from samverka.platform.matching.text import FIRST_TRIGRAM

# A weighted mean of what both needs state (a need without CPV codes is not penalised
# for it), plus a bonus for the same current solution or supplier, times timing.
WEIGHTS = {"category": 0.2, "cpv": 0.25, "text": 0.55}
BONUS = {"solution": 0.15, "supplier": 0.05}
TEXT_CONFIRMS = 0.5  # text similarity from which category and CPV count in full
# Two needs the municipalities put in different categories AND different CPV divisions
# are, by their own classification, different purchases however alike they read
# ("mobile phones" and "IP telephony").
CLASSIFIED_APART = 0.75
# A trigram found in more needs of a region than this is not distinctive; a fixed cap
# also keeps the pairs trigrams produce linear in the number of needs.
TRIGRAM_MAX_DF = 30
NORM_FLOOR = 1.0  # the length of a vector holding one known concept from a title
# Below this text similarity, and with no solution or supplier in common, a pair scores
# at most 0.29, under every grouping threshold: it is dropped and counts as 0.
TEXT_FLOOR = 0.2


@dataclass(frozen=True)
class PairScores:
    """Scored candidate pairs i < j (positions in the region's list of needs)."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    text: np.ndarray


class _Ids(dict):
    """Interns hashable values as consecutive integers."""

    def __missing__(self, key):
        self[key] = len(self)
        return self[key]


def _text_entries(prepared: Sequence[Prepared]):
    """(need, feature, weight) rows of every need's text vector."""
    rows, cols, vals = [], [], []
    for index, need in enumerate(prepared):
        rows += [index] * len(need.vector)
        cols += need.vector.keys()
        vals += need.vector.values()
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=float)


def _unit_vectors(n: int, prepared: Sequence[Prepared]):
    rows, cols, vals = _text_entries(prepared)
    if rows.size == 0:
        return rows, cols, vals
    df = np.bincount(cols)
    keep = (cols < FIRST_TRIGRAM) | (df[cols] <= TRIGRAM_MAX_DF)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    # Not scaled up past NORM_FLOOR: a text the lexicon hardly knows (a few unknown words)
    # is weak evidence, and must not become a perfect match on one shared word.
    norms = np.maximum(np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n)), NORM_FLOOR)
    return rows, cols, vals / norms[rows]


def _posting_pairs(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray):
    """All pairs (i < j) that share a column, with the product of their values."""
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
    sizes = np.diff(np.r_[starts, cols.size])
    out_i, out_j, out_v = [np.empty(0, np.int64)], [np.empty(0, np.int64)], [np.empty(0)]
    for size in np.unique(sizes[sizes >= 2]):
        # every posting list of this length at once: one matrix row per list
        take = starts[sizes == size][:, None] + np.arange(size)
        left, right = np.triu_indices(size, 1)
        members, weights = rows[take], vals[take]
        out_i.append(members[:, left].ravel())
        out_j.append(members[:, right].ravel())
        out_v.append((weights[:, left] * weights[:, right]).ravel())
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_v)


def _names(prepared: Sequence[Prepared], attribute: str) -> tuple[np.ndarray, np.ndarray]:
    """Needs that name a current solution (or supplier), and a number for each name."""
    ids = _Ids()
    named = [(k, ids[getattr(p, attribute)]) for k, p in enumerate(prepared) if getattr(p, attribute)]
    return np.array([k for k, _ in named], dtype=np.int64), np.array([name for _, name in named], dtype=np.int64)


def _candidates(prepared: Sequence[Prepared]):
    """Pairs sharing a text feature or a current solution/supplier: their text
    similarity and their bonus (a pair shares at most one name of each)."""
    n = len(prepared)
    rows, cols, vals = _unit_vectors(n, prepared)
    text_i, text_j, text_v = _posting_pairs(rows, cols, vals)
    parts = [(text_i, text_j, text_v, np.zeros(text_v.size))]
    for attribute, bonus in BONUS.items():
        named, names = _names(prepared, attribute)
        i, j, _ = _posting_pairs(named, names, np.zeros(named.size))
        parts.append((i, j, np.zeros(i.size), np.full(i.size, bonus)))
    i, j, text, bonus = (np.concatenate(column) for column in zip(*parts))
    keys, inverse = np.unique(i * n + j, return_inverse=True)
    text = np.minimum(np.bincount(inverse, weights=text, minlength=keys.size), 1.0)
    return keys // n, keys % n, text, np.bincount(inverse, weights=bonus, minlength=keys.size)


def _cpv_scores(prepared: Sequence[Prepared], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    # Needs share few distinct sets of codes: score each combination that occurs once.
    set_ids = _Ids()
    sets = np.array([set_ids[p.cpv] for p in prepared], dtype=np.int64)
    count, by_id = len(set_ids), list(set_ids)
    combos = sets[i] * count + sets[j]
    table = np.zeros(count * count)
    for combo in np.flatnonzero(np.bincount(combos, minlength=count * count)):
        table[combo] = cpv_similarity(by_id[combo // count], by_id[combo % count])
    return table[combos]


def _timing(prepared: Sequence[Prepared], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    earliest = np.array([p.window.earliest if p.window else np.nan for p in prepared])
    latest = np.array([p.window.latest if p.window else np.nan for p in prepared])
    lead = np.array([p.lead for p in prepared], dtype=float)
    timeless = np.array([p.window is None and p.need.kind == "initiative" for p in prepared])
    gap = np.maximum(0.0, np.maximum(earliest[i] - latest[j], earliest[j] - latest[i]))
    known = ~np.isnan(earliest[i]) & ~np.isnan(earliest[j])
    factor = timing_factor(np.where(known, gap, 0.0), np.maximum(lead[i], lead[j]))
    unknown = np.where(timeless[i] | timeless[j], 1.0, UNKNOWN_TIMING)
    return np.where(known, factor, unknown)


def _agreement(prepared: Sequence[Prepared], i: np.ndarray, j: np.ndarray, text: np.ndarray) -> np.ndarray:
    """Weighted mean of text, category and CPV agreement (CPV only where both give codes)."""
    category_ids = _Ids()
    categories = np.array([category_ids[p.need.category] for p in prepared], dtype=np.int64)
    has_cpv = np.array([bool(p.cpv) for p in prepared])
    same_category, cpv, cpv_known = categories[i] == categories[j], _cpv_scores(prepared, i, j), has_cpv[i] & has_cpv[j]
    # Category and CPV confirm what the texts say but cannot make a match on their own.
    confirmed = np.minimum(text / TEXT_CONFIRMS, 1.0)
    mean = (WEIGHTS["text"] * text + confirmed * (WEIGHTS["category"] * same_category + WEIGHTS["cpv"] * cpv)) / (
        WEIGHTS["category"] + WEIGHTS["text"] + WEIGHTS["cpv"] * cpv_known
    )
    return np.where(~same_category & cpv_known & (cpv == 0), mean * CLASSIFIED_APART, mean)


def score_pairs(prepared: Sequence[Prepared]) -> PairScores:
    i, j, text, bonus = _candidates(prepared)
    keep = (text >= TEXT_FLOOR) | (bonus > 0)
    i, j, text, bonus = i[keep], j[keep], text[keep], bonus[keep]
    score = np.minimum(_agreement(prepared, i, j, text) + bonus, 1.0) * _timing(prepared, i, j)
    return PairScores(i, j, score, text)
