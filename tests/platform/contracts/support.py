"""Contracts of seed 003's kind, created through the services; organisation numbers with valid check digits."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from stdnum import luhn
from stdnum.no import orgnr

from samverka.platform.contracts.models import Contract, TenantContractSettings
from samverka.platform.contracts.services import contracts
from samverka.platform.contracts.services.access import register_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal


def no_orgnr(first8: str) -> str:
    """A Norwegian organisation number: eight digits and the check digit (prefixes with none skip to the next)."""
    for bump in range(100):
        digits = str(int(first8) + bump)
        for check in "0123456789":
            if orgnr.is_valid(digits + check):
                return digits + check
    raise AssertionError("no valid number")


def se_orgnr(first9: str) -> str:
    return first9 + luhn.calc_check_digit(first9)


VISMA = no_orgnr("98045234")
EVRY = no_orgnr("91566541")
ATEA_SE = se_orgnr("556332413")


def values(**overrides) -> dict:
    """An Ekonomisystem contract with Visma, as the API or a form would give it."""
    base = {
        "title": "Ekonomisystem",
        "supplier_name": "Visma Enterprise AS",
        "supplier_organisation_number": VISMA,
        "supplier_country": "NO",
        "category": "business_systems",
        "cpv_codes": ["48443000"],
        "starts_on": date(2021, 1, 1),
        "ends_on": date(2025, 12, 31),
        "extension_options": "1+1 år",
        "extendable_to": date(2027, 12, 31),
        "annual_value_minor": 125_000_000,
        "kraljic": "strategic",
        "processes_personal_data": True,
        "dpa_status": "signed",
        "documents": [{"title": "Kontrakt", "url": "https://arkiv.kongsberg.kommune.no/kontrakt/123"}],
    }
    return {**base, **overrides}


def make_contract(app, *, tenant_id: int | None = None, region_id: int | None = None, **overrides) -> int:
    """A contract created as the system (it may write any register)."""
    with app.app_context():
        principal = Principal.system("test fixtures")
        bind_principal(db.session, principal)
        owner = register_of(db.session, principal, tenant_id=tenant_id, region_id=region_id)
        contract = contracts.create_contract(db.session, principal, owner, values(**overrides))
        db.session.commit()
        return contract.id


def make_region_objects(app, world) -> dict[str, int]:
    """A joint contract of the region and an import of its register, for the isolation walk."""
    from samverka.platform.contracts.services import imports

    contract_id = make_contract(
        app, region_id=world.region_id, title="Utskrift som tjeneste", category="it_as_a_service"
    )
    line = f"Nettverk;Atea AS;{EVRY};NO;telecom;;2022-01-01;2027-12-31;;;;leverage;nei;;"
    header = (
        "title;supplier_name;supplier_organisation_number;supplier_country;category;cpv_codes;starts_on;"
        "ends_on;extension_options;extendable_to;annual_value;kraljic;personal_data;dpa_status;document_url"
    )
    with app.app_context():
        principal = Principal.system("test fixtures")
        bind_principal(db.session, principal)
        owner = register_of(db.session, principal, region_id=world.region_id)
        created = imports.create_import(db.session, principal, owner, "kongsberg.csv", f"{header}\n{line}\n".encode())
        db.session.commit()  # the import job runs in-process after this commit
        imported = db.session.scalars(
            select(Contract.id).where(Contract.region_id == world.region_id, Contract.id != contract_id)
        ).all()
        return {"contract_id": contract_id, "import_id": created.id, "imported_contract_ids": list(imported)}


def opt_in_to_submission(app, tenant_id: int) -> None:
    """The municipality's choice to submit its re-procurement needs automatically (off by default)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add(TenantContractSettings(tenant_id=tenant_id, auto_submit_reprocurements=True))
        db.session.commit()


def report_rows(page: str) -> list[tuple[str, ...]]:
    """The rows of the page's "problems found in the file" table: (line, column, problem)."""
    cells = re.findall(r'<td data-label="[^"]*">([^<]*)</td>', page.split("<caption>", 1)[-1].split("</table>", 1)[0])
    return [tuple(cells[i : i + 3]) for i in range(0, len(cells), 3)]
