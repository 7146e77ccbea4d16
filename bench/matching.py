"""Benchmark: a full re-match of national-scale needs on one core (issue 3, item 6).

    .venv/bin/python bench/matching.py            # from the repository root

Generates 647 municipalities (Norway's 357 and Sweden's 290) in 40 regions with 40
needs each (25,880 needs) and the same with four times as many municipalities per
region (4x the needs), times ``match_all`` on each (best of 3, the sizes taking turns)
and prints CPU and wall seconds and the growth. Data generation is not timed.
See bench/README.md for the figures measured on our machine.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    # One core: numpy's BLAS must not start threads (set before numpy is imported).
    for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_variable] = "1"

import argparse
import random
import sys
import time
from datetime import date, timedelta

from samverka.platform.matching.engine import NeedFeatures, match_all

if __package__:
    from .vocabulary import FILLERS, TOPICS
else:  # run as a script: its folder is on sys.path
    from vocabulary import FILLERS, TOPICS

TODAY = date(2026, 1, 1)
NORWAY, SWEDEN, REGIONS, NEEDS_PER_TENANT = 357, 290, 40, 40
KINDS = (("replacement", 0.5), ("new", 0.3), ("upgrade", 0.12), ("initiative", 0.08))


def _norwegian(tenants: int) -> int:
    return round(tenants * NORWAY / (NORWAY + SWEDEN))


def _regions(tenants: int) -> list[int]:
    """Region of each tenant: Norwegian and Swedish municipalities in regions of their own country."""
    norwegian = _norwegian(tenants)
    norwegian_regions = round(REGIONS * NORWAY / (NORWAY + SWEDEN))
    swedish_regions = REGIONS - norwegian_regions
    return [k % norwegian_regions for k in range(norwegian)] + [
        norwegian_regions + k % swedish_regions for k in range(tenants - norwegian)
    ]


def _timing(rng: random.Random) -> dict:
    """A desired start, a contract end (sometimes extendable) or both, over the next five years."""
    quarter = f"{rng.randint(2026, 2030)}-Q{rng.randint(1, 4)}"
    end = TODAY + timedelta(days=rng.randint(90, 5 * 365))
    extension = end + timedelta(days=365 * rng.randint(1, 2)) if rng.random() < 0.5 else None
    shape = rng.random()
    if shape < 0.4:
        return {"desired_start": quarter}
    if shape < 0.8:
        return {"contract_end": end, "extension_until": extension}
    return {"desired_start": quarter, "contract_end": end, "extension_until": extension}


def _need(rng: random.Random, need_id: int, tenant: int, region: int, language: str, topic) -> NeedFeatures:
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    timing = {} if kind == "initiative" else _timing(rng)
    solution, supplier = None, None
    if kind in ("replacement", "upgrade") and topic.solutions and rng.random() < 0.7:
        solution, supplier = rng.choice(topic.solutions).split("/")
    codes = tuple(rng.sample(topic.cpv, rng.randint(1, len(topic.cpv))))
    description = f"{topic.description[language]} {rng.choice(FILLERS[language])}"
    return NeedFeatures(
        need_id,
        tenant,
        region,
        kind,
        topic.category,
        codes,
        rng.choice(topic.titles[language]),
        description,
        current_solution=solution,
        current_supplier=supplier,
        **timing,
    )


def generate_needs(
    tenants: int = NORWAY + SWEDEN, needs_per_tenant: int = NEEDS_PER_TENANT, seed: int = 2025
) -> list[NeedFeatures]:
    """Needs of ``tenants`` municipalities in 40 regions; the same seed gives the same needs."""
    rng = random.Random(seed)
    regions = _regions(tenants)
    norwegian = _norwegian(tenants)
    needs = []
    for tenant, region in enumerate(regions, start=1):
        language = "nb" if tenant <= norwegian else "sv"
        # a municipality reports each thing once; with more needs than topics, some twice
        topics = rng.sample(TOPICS, min(needs_per_tenant, len(TOPICS)))
        topics += rng.choices(TOPICS, k=needs_per_tenant - len(topics))
        for topic in topics:
            needs.append(_need(rng, len(needs) + 1, tenant, region + 1, language, topic))
    return needs


def time_full_rematch(needs: list[NeedFeatures]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one full re-match, and how many proposals it gave."""
    wall, cpu = time.perf_counter(), time.process_time()
    proposals = len(match_all(needs, today=TODAY))
    return time.perf_counter() - wall, time.process_time() - cpu, proposals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--factor", type=int, default=4, help="growth of the second size (municipalities per region)")
    args = parser.parse_args(argv)
    sizes = [NORWAY + SWEDEN, (NORWAY + SWEDEN) * args.factor]
    datasets = [generate_needs(tenants) for tenants in sizes]
    best = [(float("inf"), float("inf"), 0)] * len(sizes)
    for _ in range(args.runs):
        # the sizes take turns, so a busy moment on the machine does not hit one size only
        for k, needs in enumerate(datasets):
            best[k] = min(best[k], time_full_rematch(needs), key=lambda run: run[1])
    for tenants, needs, (wall, cpu, count) in zip(sizes, datasets, best):
        print(
            f"{len(needs):>7} needs  {tenants:>5} tenants  {REGIONS} regions  "
            f"{cpu:6.2f} s CPU  {wall:6.2f} s wall (best of {args.runs})  {count:>6} proposals"
        )
    print(
        f"growth: {args.factor}x the needs took {best[1][1] / best[0][1]:.2f}x the CPU time "
        f"({best[1][0] / best[0][0]:.2f}x the wall time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
