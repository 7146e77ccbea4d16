"""OCDS 1.1 releases of one published joint procurement, built from its plain facts (pure functions).

One release per stage the procurement reached, each with a stable id (``<ocid>-<stage>``) and the date
the stage's event happened: ``planning`` (the budget, broken down per buyer: the budget breakdown
extension), ``tender`` (title, description, the CPV codes of its needs as items), ``award`` (the decided
award: the winner and the value, never the tenders), ``contract`` (the region's joint contract, one per
buying municipality with the contract buyer extension's ``buyer``) and ``implementation`` (the delivery:
the signed papers described, never linked). Several buyers in one contracting process is an open
question in OCDS (open-contracting/standard#1493): every municipality is a party with role ``buyer``
(and ``sourceParty`` for its budget share), and the release's single ``buyer`` field is left out.
"""

from __future__ import annotations

from datetime import date, datetime

from samverka.platform.publication.facts import Buyer, Organisation, ProcurementFacts

# org-id.guide: Brønnøysundregistrene (Norway) and Bolagsverket (Sweden).
SCHEMES = {"NO": "NO-BRC", "SE": "SE-BLV"}
LANGUAGES = {"NOK": "nb", "SEK": "sv"}
COUNTRIES = {"NO": "Norway", "SE": "Sweden"}
PAPER_TYPES = {"contract": "contractSigned", "dpa": "contractAnnexe"}
PAPER_TITLES = {"contract": "Signed contract", "dpa": "Signed data processing agreement"}
TENDER_STAGES = ("competition", "evaluation", "award_recommendation")


def ocid(prefix: str, procurement_id: int) -> str:
    return f"{prefix}-{procurement_id}"


def timestamp(moment: datetime | date) -> str:
    """ISO 8601 in UTC: the database keeps UTC without a zone; a day is its start."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def amount(minor: int, currency: str) -> dict:
    return {"amount": minor / 100 if minor % 100 else minor // 100, "currency": currency}


def releases(facts: ProcurementFacts, prefix: str) -> list[dict]:
    """Every release of the procurement, oldest first."""
    builders = (_planning, _tender, _cancellation, _award, _contract, _implementation)
    found = [release for build in builders if (release := build(facts, ocid(prefix, facts.id)))]
    return sorted(found, key=lambda release: release["date"])


def party_id(organisation: Organisation) -> str:
    scheme = SCHEMES.get(organisation.country)
    return f"{scheme}-{organisation.number}" if scheme else f"{organisation.country}-{organisation.number}"


def _party(organisation: Organisation, roles: list[str]) -> dict:
    party = {"id": party_id(organisation), "name": organisation.name, "roles": roles}
    scheme = SCHEMES.get(organisation.country)
    if scheme:
        party["identifier"] = {"scheme": scheme, "id": organisation.number, "legalName": organisation.name}
    party["address"] = {"countryName": COUNTRIES.get(organisation.country, organisation.country)}
    return party


def _region_ref(facts: ProcurementFacts) -> dict:
    return {"id": f"region-{facts.region_id}", "name": facts.region_name}


def _parties(facts: ProcurementFacts, with_supplier: bool) -> list[dict]:
    parties = [_party(b.organisation, ["buyer", "sourceParty"]) for b in facts.buyers]
    parties.append({**_region_ref(facts), "roles": ["procuringEntity"]})
    if with_supplier and facts.award:
        parties.append(_party(facts.award.supplier, ["supplier", "tenderer"]))
    return parties


def _release(facts: ProcurementFacts, the_ocid: str, stage: str, moment, tags: list[str], **parts) -> dict:
    return {
        "ocid": the_ocid,
        "id": f"{the_ocid}-{stage}",
        "date": timestamp(moment),
        "tag": tags,
        "initiationType": "tender",
        "language": LANGUAGES.get(facts.currency, "en"),
        "parties": _parties(facts, with_supplier=stage not in ("planning", "tender", "tenderCancellation")),
        **parts,
    }


def _buyer_ref(buyer: Buyer) -> dict:
    return {"id": party_id(buyer.organisation), "name": buyer.organisation.name}


def _planning(facts: ProcurementFacts, the_ocid: str) -> dict:
    budget = {
        "id": f"{the_ocid}-budget",
        "description": "Estimated value of the participating municipalities' needs, excluding VAT",
        "amount": amount(facts.budget_minor, facts.currency),
    }
    breakdown = [
        {
            "id": f"{the_ocid}-budget-{party_id(b.organisation)}",
            "description": f"Share of {b.organisation.name}",
            "amount": amount(b.budget_share_minor, facts.currency),
            "sourceParty": _buyer_ref(b),
        }
        for b in facts.buyers
    ]
    if breakdown:
        budget["budgetBreakdown"] = breakdown
    return _release(facts, the_ocid, "planning", facts.created_at, ["planning"], planning={"budget": budget})


def _tender_body(facts: ProcurementFacts, the_ocid: str, status: str) -> dict:
    tender = {
        "id": f"{the_ocid}-tender",
        "title": facts.title,
        "status": status,
        "procuringEntity": _region_ref(facts),
        "procurementMethod": "open",
        "value": amount(facts.budget_minor, facts.currency),
    }
    if facts.description:
        tender["description"] = facts.description
    items = [
        {"id": str(n), "classification": {"scheme": "CPV", "id": code}} for n, code in enumerate(facts.cpv_codes, 1)
    ]
    if items:
        tender["items"] = items
    return tender


def _tender(facts: ProcurementFacts, the_ocid: str) -> dict | None:
    started = next((facts.stage_entered[s] for s in TENDER_STAGES if s in facts.stage_entered), None)
    if started is None:
        return None
    return _release(facts, the_ocid, "tender", started, ["tender"], tender=_tender_body(facts, the_ocid, "active"))


def _cancellation(facts: ProcurementFacts, the_ocid: str) -> dict | None:
    cancelled = facts.stage_entered.get("cancelled")
    if cancelled is None:
        return None
    body = _tender_body(facts, the_ocid, "cancelled")
    return _release(facts, the_ocid, "tenderCancellation", cancelled, ["tenderCancellation"], tender=body)


def _award(facts: ProcurementFacts, the_ocid: str) -> dict | None:
    if facts.award is None:
        return None
    award = {
        "id": f"{the_ocid}-award",
        "status": "active",
        "date": timestamp(facts.award.decided_at),
        "suppliers": [{"id": party_id(facts.award.supplier), "name": facts.award.supplier.name}],
    }
    if facts.award.value_minor:
        award["value"] = amount(facts.award.value_minor, facts.currency)
    # The competition is over: the award's release completes the tender.
    tender = {"id": f"{the_ocid}-tender", "status": "complete"}
    return _release(facts, the_ocid, "award", facts.award.decided_at, ["award"], awards=[award], tender=tender)


def _contract_of(facts: ProcurementFacts, the_ocid: str, buyer: Buyer) -> dict:
    contract = facts.contract
    found = {
        "id": f"{the_ocid}-contract-{party_id(buyer.organisation)}",
        "awardID": f"{the_ocid}-award",
        "title": contract.title,
        "status": "active",
        "period": {"startDate": timestamp(contract.starts_on), "endDate": timestamp(contract.ends_on)},
        "buyer": _buyer_ref(buyer),
    }
    if buyer.contract_share_minor is not None:
        found["value"] = amount(buyer.contract_share_minor, facts.currency)
    if contract.signed_at:
        found["dateSigned"] = timestamp(contract.signed_at)
    return found


def _contract(facts: ProcurementFacts, the_ocid: str) -> dict | None:
    if facts.contract is None or facts.award is None:
        return None
    moment = facts.contract.signed_at or facts.stage_entered.get("contract_signed") or facts.award.decided_at
    contracts = [_contract_of(facts, the_ocid, buyer) for buyer in facts.buyers]
    return _release(facts, the_ocid, "contract", moment, ["contract"], contracts=contracts)


def _papers(facts: ProcurementFacts, buyer: Buyer) -> list[dict]:
    return [
        {
            "id": f"{paper.kind}",
            "documentType": PAPER_TYPES[paper.kind],
            "title": PAPER_TITLES[paper.kind],
            "description": f"Delivered to {buyer.organisation.name}; the document itself is not published.",
            "datePublished": timestamp(paper.delivered_at),
            "format": paper.media_type,
        }
        for paper in facts.delivery.papers
        if paper.tenant_id == buyer.tenant_id and paper.kind in PAPER_TYPES
    ]


def _implementation(facts: ProcurementFacts, the_ocid: str) -> dict | None:
    if facts.delivery is None or facts.contract is None or facts.award is None:
        return None
    contracts = [
        {
            "id": f"{the_ocid}-contract-{party_id(buyer.organisation)}",
            "awardID": f"{the_ocid}-award",
            "implementation": {"documents": papers},
        }
        for buyer in facts.buyers
        if (papers := _papers(facts, buyer))
    ]
    if not contracts:
        return None
    moment = facts.delivery.delivered_at
    return _release(facts, the_ocid, "implementation", moment, ["implementation"], contracts=contracts)
