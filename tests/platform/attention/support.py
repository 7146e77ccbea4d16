"""Filling the world with what needs attention, through the services, and reading the items back."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from samverka.platform.attention import services as attention
from samverka.platform.attention.items import AttentionItem
from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.plans.models import ActionPlan
from samverka.platform.procurements import services as procurements
from samverka.tenants.services.principals import load_principal
from tests.platform.contracts.support import make_contract

SYSTEM = Principal.system("test fixtures")


@contextmanager
def as_system(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        bind_principal(db.session, SYSTEM)
        yield db.session
        db.session.commit()


def items_of(app, person, today: date) -> list[AttentionItem]:
    """What needs ``person``'s attention on ``today``, in English."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        principal = load_principal(db.session, person.user_id)
        bind_principal(db.session, principal)
        return attention.collect(db.session, principal, today)


def kinds(items: list[AttentionItem]) -> dict[str, list[AttentionItem]]:
    found: dict[str, list[AttentionItem]] = {}
    for item in items:
        found.setdefault(item.kind, []).append(item)
    return found


def invite(app, world, *, deadline: date, title: str = "Felles sak- og arkivsystem") -> int:
    """A joint procurement of the world's region inviting both of its municipalities; its id."""
    with as_system(app) as session:
        found = procurements.create_procurement(session, SYSTEM, world.region_id, title=title, category="other_it")
        procurements.invite_tenants(session, SYSTEM, found, deadline=deadline)
        return found.id


def reprocurement(app, world, *, starts_in: int, today: date, title: str = "Ekonomisystem") -> int:
    """A contract of the world's municipality whose re-procurement (planned by the job) starts in ``starts_in`` days."""
    ends_on = today + timedelta(days=400)
    contract_id = make_contract(
        app, tenant_id=world.tenant_id, title=title, starts_on=date(2020, 1, 1), ends_on=ends_on, extendable_to=None
    )
    with as_system(app) as session:
        row = Reprocurement(
            contract_id=contract_id,
            tenant_id=world.tenant_id,
            period_end=ends_on,
            starts_on=today + timedelta(days=starts_in),
        )
        session.add(row)
        session.flush()
        return row.id


def open_proposal(app, world, need_ids=(1, 2)) -> None:
    with as_system(app) as session:
        session.add(
            MatchProposal(
                region_id=world.region_id,
                signature=f"sig-{world.region_id}-{len(need_ids)}-{need_ids[0]}",
                need_ids=list(need_ids),
                tenant_ids=[world.tenant_id],
                score=0.9,
                reasons=[],
            )
        )


def drafted_by_the_job(app, plan_id: int, added: int) -> None:
    """The drafting job's audit event on a draft, as it records one when it adds items."""
    with as_system(app) as session:
        plan = session.get(ActionPlan, plan_id)
        record(session, SYSTEM, "action_plan.draft", plan, region_id=plan.region_id, summary={"items_added": added})
