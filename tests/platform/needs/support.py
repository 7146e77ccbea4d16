"""Needs for the tests: valid input, and needs registered through the services as their people would."""

from __future__ import annotations

from datetime import date

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.services import access, benefit_plans, needs
from samverka.tenants.services.principals import load_principal
from tests.support.world import Person, add_person

# A valid body for POST /api/v1/tenants/<id>/needs: Kongsberg wants to replace its case and archive system.
NEED = {
    "title": "Nytt sak- og arkivsystem",
    "description": "Kongsberg erstatter dagens sak- og arkivsystem; avtalen går ut i 2027.",
    "kind": "replacement",
    "category": "business_systems",
    "cpv_codes": ["48311100-2", "72212311"],
    "current_solution": "Elements",
    "current_supplier": "Sikri",
    "contract_end": "2027-06-30",
    "contract_extendable_to": "2028-06-30",
    "desired_start": "2027-Q1",
    "one_off_cost_minor": 150_000_000,
    "annual_cost_minor": 40_000_000,
    "processes_personal_data": True,
    "personal_data_purpose": "Saksbehandling og arkivering av kommunens saker",
    "personal_data_categories": ["identification", "contact", "case_records"],
    "data_subjects": ["residents", "employees"],
    "confidentiality": "significant",
    "integrity": "significant",
    "availability": "moderate",
    "traceability": "significant",
}
# The same need as the services take it (codes without check digits, dates as dates).
NEED_FIELDS = {
    **NEED,
    "cpv_codes": ["48311100", "72212311"],
    "contract_end": date(2027, 6, 30),
    "contract_extendable_to": date(2028, 6, 30),
}
LINE = {
    "description": "Mindre tid brukt på manuell journalføring",
    "benefit_type": "time_saved",
    "indicator": "Timer per måned til journalføring",
    "unit": "timer",
    "baseline_value": "120",
    "baseline_date": "2026-01-01",
    "target_value": "40",
    "target_date": "2028-01-01",
    "owner": "Arkivleder",
    "measurement": "Uttrekk fra timeregistreringen hvert kvartal",
}
LINE_FIELDS = {**LINE, "baseline_date": date(2026, 1, 1), "target_date": date(2028, 1, 1)}


def register_need(
    app, person, tenant_id: int, *, with_line: bool = False, submit_to: list[int] | None = None, **overrides
) -> int:
    """A need of ``tenant_id`` registered by ``person`` (its IT coordinator); optionally planned and submitted."""
    with app.app_context():
        principal = load_principal(db.session, person.user_id)
        need = needs.create_need(db.session, principal, tenant_id, **{**NEED_FIELDS, **overrides})
        if with_line:
            benefit_plans.add_line(db.session, principal, need, **LINE_FIELDS)
        if submit_to:
            needs.submit_need(db.session, principal, need, region_ids=submit_to)
        db.session.commit()
        return need.id


def submitted_need_of_a(app, a) -> dict[str, int]:
    """Kongsberg's need with one benefit line, submitted to region A: ids for routes that take them."""
    need_id = register_need(app, a.people["it"], a.tenant_id, with_line=True, submit_to=[a.region_id])
    with app.app_context():
        principal = load_principal(db.session, a.people["it"].user_id)
        line_id = access.access_need(db.session, principal, need_id).benefit_plan.lines[0].id
    return {"need_id": need_id, "line_id": line_id}


def _extra_person(app, key: str, pid: str, role: str, **scope) -> Person:
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        person = add_person(app, key, pid, role, **scope)
        db.session.commit()
        return person


def neighbour_it(app, a) -> Person:
    """An IT coordinator of Flesberg, Kongsberg's neighbour in region A."""
    return _extra_person(app, "flesberg_it", "10017012344", "it_coordinator", tenant_id=a.other_tenant_id)


def region_purchaser(app, a) -> Person:
    """Region A's purchaser."""
    return _extra_person(app, "region_purchaser", "11017012349", "purchaser", region_id=a.region_id)
