"""Why a group was proposed: structured reasons, true of the whole group, and their
English wording. The UI renders the codes in nb/sv/en itself; ``explain`` is the
English reference and what logs and the API's plain-text summary use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from samverka.platform.matching.features import Prepared, Reason, cpv_level, quarter_label, shared_cpv
from samverka.platform.matching.text import concept_label

SIMILAR_TEXT = 0.3  # mean text similarity from which descriptions count as similar
MAX_TERMS = 4

CATEGORY_LABELS = {
    "software_licences": "software and licences",
    "business_systems": "business systems",
    "it_hardware": "IT hardware",
    "welfare_technology": "welfare technology",
    "it_as_a_service": "IT as a service",
    "it_consultants": "IT consultants",
    "telecom": "telecommunications",
    "other_it": "other IT",
}


def _shared_name(members: Sequence[Prepared], attribute: str, shown: str) -> str | None:
    """The display name of a solution/supplier that needs of two or more tenants share."""
    tenants_by_key: dict[str, set[int]] = {}
    for p in members:
        key = getattr(p, attribute)
        if key:
            tenants_by_key.setdefault(key, set()).add(p.need.tenant_id)
    shared = sorted(
        (k for k, tenants in tenants_by_key.items() if len(tenants) >= 2), key=lambda k: (-len(tenants_by_key[k]), k)
    )
    if not shared:
        return None
    return next(getattr(p.need, shown) for p in members if getattr(p, attribute) == shared[0])


def _shared_terms(members: Sequence[Prepared]) -> list[str]:
    """Concepts every member names; failing that, those most members name."""
    counts = Counter(c for p in members for c in p.text.concepts)
    weight = {c: max(p.text.concepts.get(c, 0.0) for p in members) for c in counts}
    needed = len(members) if any(n == len(members) for n in counts.values()) else len(members) // 2 + 1
    chosen = [c for c, n in counts.items() if n >= needed and n >= 2]
    return sorted(chosen, key=lambda c: (-weight[c], c))[:MAX_TERMS]


def _timing_reason(members: Sequence[Prepared]) -> Reason | None:
    if any(p.window is None for p in members):
        return None
    return Reason("timing", {"quarter": quarter_label(min(p.window.latest for p in members))})


def _replacement_reason(members: Sequence[Prepared], solution: str | None) -> Reason | None:
    if any(p.need.kind != "replacement" for p in members):
        return None
    params = {"count": len(members)}
    if solution:
        params["solution"] = solution
    return Reason("both_replace", params)


def _text_reason(members: Sequence[Prepared], text_similarity: float) -> Reason | None:
    if text_similarity < SIMILAR_TEXT:
        return None
    concepts = _shared_terms(members)
    return Reason("similar_text", {"terms": [concept_label(c) for c in concepts], "concepts": concepts})


def _classification_reasons(members: Sequence[Prepared]) -> list[Reason]:
    found = []
    if all(p.cpv for p in members):
        code = shared_cpv([p.cpv for p in members])
        if code:
            found.append(Reason("cpv_overlap", {"cpv": code, "level": cpv_level(code)}))
    categories = {p.need.category for p in members}
    if len(categories) == 1:
        found.append(Reason("same_category", {"category": categories.pop()}))
    return found


def group_reasons(members: Sequence[Prepared], text_similarity: float) -> tuple[Reason, ...]:
    solution = _shared_name(members, "solution", "current_solution")
    supplier = _shared_name(members, "supplier", "current_supplier")
    initiatives = sum(p.need.kind == "initiative" for p in members)
    reasons = [
        _replacement_reason(members, solution),
        Reason("same_solution", {"solution": solution}) if solution else None,
        Reason("same_supplier", {"supplier": supplier}) if supplier else None,
        _timing_reason(members),
        *_classification_reasons(members),
        _text_reason(members, text_similarity),
        Reason("initiative_overlap", {"count": initiatives}) if initiatives else None,
    ]
    return tuple(r for r in reasons if r is not None)


def _both_or_all(params: dict) -> str:
    count = params.get("count", 2)
    return "both" if count == 2 else f"all {count}"


def explain(reason: Reason) -> str:
    """One English phrase for a reason."""
    p = reason.params
    phrases = {
        "both_replace": lambda: (
            f"{_both_or_all(p)} replace {p['solution']}"
            if p.get("solution")
            else f"{_both_or_all(p)} replace an existing solution"
        ),
        "same_solution": lambda: f"same current solution: {p['solution']}",
        "same_supplier": lambda: f"same current supplier: {p['supplier']}",
        "timing": lambda: f"compatible timing: needed by {p['quarter']}",
        "cpv_overlap": lambda: f"CPV {p['cpv']} ({p['level']})",
        "same_category": lambda: f"same category: {CATEGORY_LABELS.get(p['category'], p['category'])}",
        "similar_text": lambda: (
            "similar descriptions (" + ", ".join(p["terms"]) + ")" if p.get("terms") else "similar descriptions"
        ),
        "initiative_overlap": lambda: "includes an initiative reported for information: avoid duplicate work",
    }
    if reason.code not in phrases:
        raise ValueError(f"unknown reason code {reason.code!r}")
    return phrases[reason.code]()


def describe(reasons: Sequence[Reason]) -> str:
    """All reasons of a proposal as one English sentence."""
    return "; ".join(explain(r) for r in reasons)
