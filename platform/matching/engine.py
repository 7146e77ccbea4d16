"""The matching engine's public face: needs in, proposals out. Pure and deterministic.

A background job (run when a need is submitted or changed, and nightly per region)
loads the region's needs as ``NeedFeatures``, calls ``match_region`` and stores the
proposals; a proposal whose ``signature`` was dismissed is not proposed again until
one of its needs changes (a need's version token is part of the signature).

How a pair scores (``scoring``): category, CPV hierarchy, text (``text``, ``lexicon``),
current solution and supplier, times a timing factor (``features.timing_factor``).
How pairs become groups: ``grouping``. Why: ``reasons``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np

from samverka.platform.core.memory import cyclic_gc_paused
from samverka.platform.matching.features import NeedFeatures, Prepared, Proposal, Reason, prepare
from samverka.platform.matching.grouping import find_groups
from samverka.platform.matching.reasons import describe, explain, group_reasons
from samverka.platform.matching.scoring import score_pairs

__all__ = ["NeedFeatures", "Reason", "Proposal", "match_region", "match_all", "explain", "describe", "signature"]


def signature(region_id: int, need_ids: Iterable[int], versions: Mapping[int, str] | None = None) -> str:
    """Stable hash of a group: the region, its need ids and each need's version token."""
    versions = versions or {}
    parts = [str(region_id)] + [f"{need_id}={versions.get(need_id, '')}" for need_id in sorted(need_ids)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _arrays(prepared: Sequence[Prepared]):
    windows = np.array(
        [[p.window.earliest, p.window.latest] if p.window else [np.nan, np.nan] for p in prepared], dtype=float
    ).reshape(-1, 2)
    leads = np.array([p.lead for p in prepared], dtype=float)
    return windows, leads, [p.need.tenant_id for p in prepared]


def _checked(needs: Sequence[NeedFeatures]) -> list[NeedFeatures]:
    ordered = sorted(needs, key=lambda n: n.need_id)
    if len({n.region_id for n in ordered}) > 1:
        raise ValueError("match_region takes the needs of one region; use match_all for several")
    if len({n.need_id for n in ordered}) != len(ordered):
        raise ValueError("each need may appear only once")
    return ordered


def match_region(
    needs: Sequence[NeedFeatures],
    *,
    today: date,
    lead_times: Mapping[str, int] | None = None,
    versions: Mapping[int, str] | None = None,
) -> list[Proposal]:
    """Proposals for one region, best first (ties by need ids)."""
    ordered = _checked(needs)
    if len(ordered) < 2:
        return []
    prepared = [prepare(need, today, lead_times) for need in ordered]
    groups = find_groups(score_pairs(prepared), *_arrays(prepared))
    region_id = ordered[0].region_id
    proposals = []
    for group in groups:
        members = [prepared[k] for k in group.members]
        need_ids = tuple(p.need.need_id for p in members)
        proposals.append(
            Proposal(
                region_id,
                need_ids,
                round(group.score, 4),
                group_reasons(members, group.text),
                signature(region_id, need_ids, versions),
            )
        )
    return sorted(proposals, key=lambda p: (-p.score, p.need_ids))


def match_all(
    needs: Iterable[NeedFeatures],
    *,
    today: date,
    lead_times: Mapping[str, int] | None = None,
    versions: Mapping[int, str] | None = None,
) -> list[Proposal]:
    """A full re-match: every region on its own, regions in id order."""
    by_region: dict[int, list[NeedFeatures]] = defaultdict(list)
    for need in needs:
        by_region[need.region_id].append(need)
    proposals = []
    with cyclic_gc_paused():
        for region_id in sorted(by_region):
            proposals += match_region(by_region[region_id], today=today, lead_times=lead_times, versions=versions)
    return proposals
