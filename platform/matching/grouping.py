"""From scored pairs to groups in which every member belongs.

Pairs above ``EDGE`` connect needs into components. Inside a component, average-linkage
clustering merges the two clusters whose pairs are on average most alike, as long as
that average stays above ``MERGE`` and every cross pair is compatible in time; pairs
never scored count as 0. One need similar to two unrelated ones therefore cannot chain
them together (single linkage would). Finally a member whose mean similarity to the
rest of its group is below ``MEMBER`` is dropped.

Each component is clustered on its own dense matrix: components are small (a group of
like needs and their near misses), so the work grows with the number of needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from samverka.platform.matching.scoring import PairScores

EDGE = 0.45
MERGE = 0.45
MEMBER = 0.35


@dataclass(frozen=True)
class Group:
    members: tuple[int, ...]  # positions in the region's list of needs, ascending
    score: float  # mean pair score
    text: float  # mean pair text similarity


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Label of each node's connected component (the smallest node in it)."""
    labels = np.arange(n)
    while True:
        lowest = labels.copy()
        np.minimum.at(lowest, i, labels[j])
        np.minimum.at(lowest, j, labels[i])
        lowest = lowest[lowest]  # pointer jumping: long chains settle in few rounds
        if np.array_equal(lowest, labels):
            return labels
        labels = lowest


def _compatible(windows: np.ndarray, leads: np.ndarray) -> np.ndarray:
    """m x m: may these two needs be in one procurement at all, time-wise."""
    earliest, latest = windows[:, 0], windows[:, 1]
    gap = np.maximum(earliest[:, None] - latest[None, :], earliest[None, :] - latest[:, None])
    unknown = np.isnan(earliest)
    tolerance = np.maximum(leads[:, None], leads[None, :])
    return (gap <= tolerance) | unknown[:, None] | unknown[None, :]


# A time conflict between two needs makes every cluster pair holding them impossible: a
# sum this negative never averages back above the threshold.
_CONFLICT = -1e9


class _Linkage:
    """Average linkage over one component, merging reciprocal nearest neighbours in batches.

    ``sums[a, b]`` is the sum of pair scores between clusters a and b (-inf on the
    diagonal and once b is merged away). Average linkage is reducible (a merged cluster's
    average to a third lies between the two it replaces), so two clusters that are each
    other's best partner stay so until they merge: merging every such pair at once gives
    the same clusters as merging the single best pair at a time, in far fewer steps.
    """

    def __init__(self, score: np.ndarray, compatible: np.ndarray):
        self.sums = np.where(compatible, score, _CONFLICT)
        np.fill_diagonal(self.sums, -np.inf)
        self.sizes = np.ones(len(score))
        self.clusters = [[k] for k in range(len(score))]

    def _reciprocal_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        averages = self.sums / np.outer(self.sizes, self.sizes)
        nodes = np.arange(len(averages))
        partner = np.argmax(averages, axis=1)
        best = averages[nodes, partner]
        first = (partner[partner] == nodes) & (nodes < partner) & (best >= MERGE)
        return nodes[first], partner[first]

    def run(self) -> list[list[int]]:
        while True:
            keep, absorbed = self._reciprocal_pairs()
            if keep.size == 0:
                return [cluster for cluster in self.clusters if cluster]
            self.sums[keep] += self.sums[absorbed]
            self.sums[:, keep] += self.sums[:, absorbed]
            self.sums[absorbed] = -np.inf
            self.sums[:, absorbed] = -np.inf
            self.sizes[keep] += self.sizes[absorbed]
            for a, b in zip(keep.tolist(), absorbed.tolist()):
                self.clusters[a] += self.clusters[b]
                self.clusters[b] = []


def _prune(members: list[int], score: np.ndarray) -> list[int]:
    """Drop, weakest first, members too unlike the rest of the group."""
    members = sorted(members)
    while len(members) > 2:
        block = score[np.array(members)[:, None], members]
        mean = block.sum(axis=1) / (len(members) - 1)
        weakest = int(np.argmin(mean))
        if mean[weakest] >= MEMBER:
            break
        members.pop(weakest)
    return members


def _dense(size: int, local_i, local_j, values) -> np.ndarray:
    matrix = np.zeros((size, size))
    matrix[local_i, local_j] = values
    matrix[local_j, local_i] = values
    return matrix


def _cluster_component(nodes, pairs, rows, local, windows, leads, tenants) -> list[Group]:
    local[nodes] = np.arange(len(nodes))
    li, lj = local[pairs.i[rows]], local[pairs.j[rows]]
    score = _dense(len(nodes), li, lj, pairs.score[rows])
    text = _dense(len(nodes), li, lj, pairs.text[rows])
    groups = []
    for cluster in _Linkage(score, _compatible(windows[nodes], leads[nodes])).run():
        if len(cluster) < 2:
            continue
        members = _prune(cluster, score)
        if len({tenants[nodes[k]] for k in members}) >= 2:
            groups.append(_group(nodes, members, score, text))
    return groups


def _group(nodes: np.ndarray, members: list[int], score: np.ndarray, text: np.ndarray) -> Group:
    index = np.array(members)
    block = (index[:, None], index[None, :])
    pair_count = len(members) * (len(members) - 1)  # both triangles of the symmetric block
    return Group(
        tuple(sorted(int(k) for k in nodes[index])),
        float(score[block].sum() / pair_count),
        float(text[block].sum() / pair_count),
    )


def find_groups(pairs: PairScores, windows: np.ndarray, leads: np.ndarray, tenants: Sequence[int]) -> list[Group]:
    """Groups of needs (positions) from at least two tenants; ``windows`` is n x 2, NaN if unknown."""
    n = len(tenants)
    edge = pairs.score >= EDGE
    labels = _components(n, pairs.i[edge], pairs.j[edge])
    rows = np.flatnonzero(labels[pairs.i] == labels[pairs.j])
    rows = rows[np.argsort(labels[pairs.i[rows]], kind="stable")]
    nodes = np.argsort(labels, kind="stable")
    sorted_labels = labels[nodes]
    local = np.zeros(n, dtype=np.int64)
    groups = []
    for component_rows in np.split(rows, np.flatnonzero(np.diff(labels[pairs.i[rows]])) + 1):
        if component_rows.size == 0:
            continue
        label = labels[pairs.i[component_rows[0]]]
        members = nodes[np.searchsorted(sorted_labels, label) : np.searchsorted(sorted_labels, label, "right")]
        if len({tenants[k] for k in members}) >= 2:
            groups += _cluster_component(members, pairs, component_rows, local, windows, leads, tenants)
    return groups
