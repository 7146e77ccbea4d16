"""Needs with their CPV codes, submissions to their region, and benefit plans with benefit lines.

The wording, categories, CPV codes and timing are bench/matching.py's (the procurement plan topics of
``bench/vocabulary.py`` in Norwegian and Swedish), so the matching job finds real groups in them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.matching import generate_needs
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need, NeedCpvCode, NeedSubmission

from .common import STATUSES, TODAY, Scale, bulk, insert_all
from .directory import Directory

KINDS = {"new": "new_solution", "upgrade": "major_upgrade", "replacement": "replacement", "initiative": "initiative"}
BENEFIT_TYPES = ("cost_saved", "time_saved", "quality", "risk_reduced", "cost_avoided")
PLANNED_SHARE = 0.6  # of the needs for a procurement: those with a benefit plan (one or two lines)
# A benefit line's wording in the municipality's language: description, indicator, unit, owner.
LINE_TEXTS = {
    "NOK": ("mindre manuelt arbeid", "Timer per måned", "timer", "Enhetsleder"),
    "SEK": ("mindre manuellt arbete", "Timmar per månad", "timmar", "Enhetschef"),
}


def load_needs(session, scale: Scale, directory: Directory, rng: random.Random) -> list[dict]:
    """The needs as inserted (each with its ``id``), in the order of the municipalities."""
    region_of = directory.region_of()
    features = generate_needs(scale.tenants, scale.needs_per_tenant)
    tenant_ids = directory.tenant_ids
    rows = [_need(rng, f, tenant_ids[f.tenant_id - 1], region_of, directory.country) for f in features]
    for need_id, row in zip(bulk(session, Need, rows), rows):
        row["id"] = need_id
    scope = ("tenant_id", "shared_region_ids")
    insert_all(
        session,
        NeedCpvCode,
        [
            {"need_id": r["id"], "code": c} | {k: r[k] for k in scope}
            for r, f in zip(rows, features)
            for c in f.cpv_codes
        ],
    )
    submissions = [
        {"need_id": r["id"], "region_id": r["shared_region_ids"][0], "tenant_id": r["tenant_id"]}
        for r in rows
        if r["shared_region_ids"]
    ]
    insert_all(session, NeedSubmission, submissions)
    load_benefit_plans(session, rows, rng)
    return rows


def _need(rng: random.Random, f, tenant_id: int, region_of: dict[int, int], country: dict[int, str]) -> dict:
    status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
    kind = KINDS[f.kind]
    if kind == "initiative" and status != "draft":
        status = "reported"
    return {
        "tenant_id": tenant_id,
        "shared_region_ids": [] if status == "draft" else [region_of[tenant_id]],
        "title": f.title,
        "description": f.description,
        "kind": kind,
        "category": f.category,
        "status": status,
        "current_solution": f.current_solution,
        "current_supplier": f.current_supplier,
        "contract_end": f.contract_end,
        "contract_extendable_to": f.extension_until,
        "desired_start": f.desired_start,
        "one_off_cost_minor": rng.randrange(0, 5_000_000) * 100,
        "annual_cost_minor": rng.randrange(0, 1_000_000) * 100,
        "currency": "NOK" if country[tenant_id] == "NO" else "SEK",
    }


def load_benefit_plans(session, needs: list[dict], rng: random.Random) -> None:
    """A plan for most needs for a procurement, with one or two lines; initiatives have none. Each planned need
    keeps its lines as inserted (with their ``id``) under ``lines``: the deliveries measure them."""
    scope = ("tenant_id", "shared_region_ids")
    planned = [n for n in needs if n["kind"] != "initiative" and rng.random() < PLANNED_SHARE]
    plan_ids = bulk(session, BenefitPlan, [{"need_id": n["id"]} | {k: n[k] for k in scope} for n in planned])
    lines = [
        _line(rng, plan_id, k, LINE_TEXTS[need["currency"]]) | {key: need[key] for key in scope}
        for plan_id, need in zip(plan_ids, planned)
        for k in range(rng.randint(1, 2))
    ]
    for line_id, line in zip(bulk(session, BenefitLine, lines), lines):
        line["id"] = line_id
    by_plan = dict(zip(plan_ids, planned))
    for line in lines:
        by_plan[line["plan_id"]].setdefault("lines", []).append(line)


def _line(rng: random.Random, plan_id: int, k: int, texts: tuple[str, str, str, str]) -> dict:
    baseline = rng.randrange(100, 10_000)
    description, indicator, unit, owner = texts
    return {
        "plan_id": plan_id,
        "description": f"{k + 1}: {description}",
        # The first line's type drawn, a second one saves time.
        "benefit_type": rng.choice(BENEFIT_TYPES) if k == 0 else "time_saved",
        "indicator": indicator,
        "unit": unit,
        "baseline_value": baseline,
        "baseline_date": TODAY,
        "target_value": baseline * rng.randint(50, 90) // 100,
        "target_date": TODAY + timedelta(days=rng.randint(365, 3 * 365)),
        "owner": owner,
        "follow_up_period": rng.choice(("quarterly", "half_yearly", "yearly")),
    }
