"""The municipalities' contract registers, dated so that the lead-time job finds a known share due.

The job (platform/contracts/services/schedule.py) plans a contract when its last possible end is not
past and that end minus the category's lead time (catalogue.DEFAULT_LEAD_TIMES; no region here sets
its own) falls on or before 31 December of next year. Run on any day of 2026, the horizon is
2027-12-31: a "due" contract here ends in 2027 or within its lead time after it, the others end from
March 2030 on, after every lead time, so none is due.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, timedelta

from bench.vocabulary import TOPICS
from samverka.platform.contracts.models import Contract, ContractCpvCode
from samverka.platform.core.catalogue import lead_time

from .common import Scale, bulk, insert_all
from .directory import Directory

DUE_SHARE = 0.48  # of the contracts: due for re-procurement (about 9,000 of 18,763 at national scale)
DUE_FROM, HORIZON, NOT_DUE_FROM, LAST_END = date(2027, 1, 1), date(2027, 12, 31), date(2030, 3, 1), date(2032, 12, 31)
KRALJIC = ("routine", "routine", "leverage", "strategic", "bottleneck")
DPA = ("signed", "signed", "in_progress", "missing")


def load_contracts(session, scale: Scale, directory: Directory, rng: random.Random) -> list[dict]:
    """The contracts as inserted (each with its ``id``), ``contracts_per_tenant`` per municipality."""
    rows = [
        _contract(rng, tenant_id, directory.country[tenant_id], k)
        for tenant_id in directory.tenant_ids
        for k in range(scale.contracts_per_tenant)
    ]
    codes = [row.pop("cpv") for row in rows]
    for contract_id, row in zip(bulk(session, Contract, rows), rows):
        row["id"] = contract_id
    insert_all(
        session,
        ContractCpvCode,
        [{"contract_id": r["id"], "tenant_id": r["tenant_id"], "code": c} for r, cs in zip(rows, codes) for c in cs],
    )
    return rows


def last_end(rng: random.Random, category: str, due: bool) -> date:
    if due:
        latest = _months_after(HORIZON, lead_time(category))
        return DUE_FROM + timedelta(days=rng.randrange((latest - DUE_FROM).days))
    return NOT_DUE_FROM + timedelta(days=rng.randrange((LAST_END - NOT_DUE_FROM).days))


def _months_after(day: date, months: int) -> date:
    """The last day of the month ``months`` after ``day``'s month, minus one month of margin."""
    month = day.month + months - 1
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1) - timedelta(days=1)


def _contract(rng: random.Random, tenant_id: int, country: str, k: int) -> dict:
    topic = rng.choice(TOPICS)
    language = "nb" if country == "NO" else "sv"
    solution, supplier = (rng.choice(topic.solutions) if topic.solutions else f"Løsning {k}/Leverandør AS").split("/")
    ends = last_end(rng, topic.category, rng.random() < DUE_SHARE)
    extension_years = rng.choice((0, 0, 1, 2))
    personal = rng.random() < 0.3
    return {
        "tenant_id": tenant_id,
        "title": f"{rng.choice(topic.titles[language])}: {solution}"[:200],
        "supplier_name": supplier,
        "supplier_organisation_number": _organisation_number(supplier, country),
        "supplier_country": country,
        "category": topic.category,
        "starts_on": ends - timedelta(days=365 * (4 + extension_years)),
        "ends_on": ends - timedelta(days=365 * extension_years),
        "extendable_to": ends if extension_years else None,
        "extension_options": f"{'+'.join(['1'] * extension_years)} år" if extension_years else "",
        "annual_value_minor": rng.randrange(50_000, 5_000_000) * 100,
        "currency": "NOK" if country == "NO" else "SEK",
        "kraljic": rng.choice(KRALJIC),
        "processes_personal_data": personal,
        "dpa_status": rng.choice(DPA) if personal else "not_required",
        "cpv": rng.sample(topic.cpv, rng.randint(1, len(topic.cpv))),
    }


def _organisation_number(supplier: str, country: str) -> str:
    """A fixed fake number per supplier name: nine digits in Norway, ten in Sweden."""
    digits = zlib.crc32(supplier.encode())
    return f"9{digits % 10**8:08d}" if country == "NO" else f"55{digits % 10**8:08d}"
