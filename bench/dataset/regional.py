"""What each region runs: joint procurements with invitations to join, matching proposals, an action plan."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select, update

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.matching.models import OPEN, MatchProposal
from samverka.platform.matching.services import rematch_region
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanItemParticipant, PlanItemShare, PlanVote
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.platform.procurements.stages import LINE

from .common import TODAY, Scale, bulk, insert_all
from .deliveries import AWAITING_GO_LIVE, DELIVERED, DELIVERED_FROM, IN_OPERATION
from .directory import Directory

# The stages drawn: from the draft to the competition (no tender, award or contract rows are generated). A region's
# first ``delivered_per_region`` are delivered instead (bench/dataset/deliveries.py): the first of them awaits its
# go-live, the others are in operation.
STAGES = LINE[:4]
ANSWERED_BY = DELIVERED_FROM - timedelta(days=30)  # a delivered procurement's invitations' deadline
ANSWERS = ("pending", "pending", "joined", "declined")
# Wording in the region's language: a procurement's title and description, a plan item's title, its responsible.
TEXTS = {
    "NOK": ("Felles anskaffelse", "Generert for ytelsesmåling", "Tiltak", "Regionkoordinator"),
    "SEK": ("Gemensam upphandling", "Genererad för prestandamätning", "Åtgärd", "Regionkoordinator"),
}


def load_procurements(session, scale: Scale, directory: Directory, needs: list[dict], rng: random.Random) -> dict:
    """Per region its procurements, each inviting every member; a joined need is held by one of its region's,
    one with benefit lines by a delivered one (its benefits are in follow-up)."""
    procurements: dict[int, list[dict]] = {}
    for region_id in directory.members:
        texts = TEXTS[directory.currency[region_id]]
        rows = [_procurement(rng, region_id, k, scale, needs, texts) for k in range(scale.procurements_per_region)]
        for procurement_id, row in zip(bulk(session, JointProcurement, rows), rows):
            row["id"] = procurement_id
        procurements[region_id] = rows
    joining: dict[int, list[dict]] = {region_id: [] for region_id in procurements}
    for need in needs:
        if need["status"] == "joined":
            joining[need["shared_region_ids"][0]].append(need)
    held = [h for region_id, found in joining.items() for h in _held(rng, found, procurements[region_id])]
    insert_all(session, ProcurementNeed, held)
    joined = {(h["procurement_id"], h["tenant_id"]) for h in held}
    for region_id, tenant_ids in directory.members.items():
        invitations = [
            {"procurement_id": p["id"], "region_id": region_id, "tenant_id": t} | _answer(rng, p, t, joined)
            for p in procurements[region_id]
            for t in tenant_ids
        ]
        insert_all(session, JoinInvitation, invitations)
    return procurements


def _procurement(rng: random.Random, region_id: int, k: int, scale: Scale, needs: list[dict], texts) -> dict:
    category = needs[rng.randrange(len(needs))]["category"] if needs else "business_systems"
    return {
        "region_id": region_id,
        "title": f"{texts[0]} {k + 1}",
        "description": texts[1],
        "category": category,
        "status": (IN_OPERATION if k else AWAITING_GO_LIVE) if k < scale.delivered_per_region else rng.choice(STAGES),
    }


def _held(rng: random.Random, joining: list[dict], procurements: list[dict]) -> list[dict]:
    """The region's joined needs held: those with benefit lines dealt out in turn to its delivered procurements
    (so that each holds some), the others by any of its procurements. A need keeps the one holding it under
    ``held_by``: the deliveries measure its lines."""
    delivered = [p for p in procurements if p["status"] in DELIVERED]
    held, dealt = [], 0
    for need in joining:
        if need.get("lines") and delivered:
            need["held_by"], dealt = delivered[dealt % len(delivered)]["id"], dealt + 1
        elif procurements:
            need["held_by"] = rng.choice(procurements)["id"]
        else:
            continue
        scope = {"region_id": need["shared_region_ids"][0], "tenant_id": need["tenant_id"]}
        held.append({"procurement_id": need["held_by"], "need_id": need["id"]} | scope)
    return held


def _answer(rng: random.Random, procurement: dict, tenant_id: int, joined: set) -> dict:
    """A delivered procurement's invitations were answered long ago: joined by the municipalities holding a need."""
    if procurement["status"] not in DELIVERED:
        return {"deadline": TODAY + timedelta(days=rng.randint(-10, 30)), "status": rng.choice(ANSWERS)}
    answer = "joined" if (procurement["id"], tenant_id) in joined else "declined"
    return {"deadline": ANSWERED_BY, "status": answer}


def load_proposals(session, directory: Directory, system: Principal, dismissed_share: float) -> None:
    """The real matching over each region's submitted needs (its audit events included); some are dismissed."""
    for region_id in directory.members:
        rematch_region(session, system, region_id, TODAY)
    session.flush()
    ids = session.scalars(select(MatchProposal.id).where(MatchProposal.status == OPEN).order_by(MatchProposal.id))
    every = max(1, round(1 / dismissed_share)) if dismissed_share else 0
    dismissed = [i for k, i in enumerate(ids) if every and k % every == 0]
    if dismissed:
        session.execute(
            update(MatchProposal)
            .where(MatchProposal.id.in_(dismissed))
            .values(status="dismissed", dismiss_reason="Ikke aktuelt nå", decided_at=utcnow())
        )


def load_plans(session, scale: Scale, directory: Directory, procurements: dict, rng: random.Random) -> None:
    """Per region a submitted plan for next year: items with every member taking part and paying a share,
    half of the members having voted."""
    for region_id, tenant_ids in directory.members.items():
        row = {"region_id": region_id, "year": TODAY.year + 1, "status": "submitted", "submitted_at": utcnow()}
        plan_id = bulk(session, ActionPlan, [row | {"currency": directory.currency[region_id]}])[0]
        linked, texts = procurements.get(region_id, []), TEXTS[directory.currency[region_id]]
        items = [
            {"plan_id": plan_id, "region_id": region_id, "title": f"{texts[2]} {k + 1}", "category": "business_systems"}
            | {"procurement_id": linked[k]["id"] if k < len(linked) else None, "priority": rng.randint(1, 3)}
            | {"start_quarter": f"{TODAY.year + 1}-Q{k % 4 + 1}", "responsible": texts[3]}
            | {
                "one_off_cost_minor": rng.randrange(10**6, 10**7) * 100,
                "annual_cost_minor": rng.randrange(10**5, 10**6) * 100,
            }
            for k in range(scale.items_per_plan)
        ]
        item_ids = bulk(session, PlanItem, items)
        cells = [{"item_id": i, "region_id": region_id, "tenant_id": t} for i in item_ids for t in tenant_ids]
        insert_all(session, PlanItemParticipant, cells)
        insert_all(session, PlanItemShare, [c | {"one_off_minor": 10**6, "annual_minor": 10**5} for c in cells])
        votes = [
            {"plan_id": plan_id, "region_id": region_id, "tenant_id": t, "voter_name": "Rådmann"}
            | {"decision": "approve" if rng.random() < 0.9 else "reject", "acr": "idporten-loa-high"}
            for t in tenant_ids[: len(tenant_ids) // 2]
        ]
        insert_all(session, PlanVote, votes)
