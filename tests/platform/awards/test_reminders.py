"""The daily reminder job and the attention list: who is reminded, how often, and when the coordinator is told."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import update

from samverka.jobs.schedule import periodic_job
from samverka.platform.attention.items import DANGER, WARNING
from samverka.platform.attention.services import collect
from samverka.platform.awards.models import AwardApproval
from samverka.platform.awards.tasks import send_award_reminders
from samverka.platform.core.extensions import db
from samverka.platform.core.time import local_today, utcnow
from tests.jobs.harness import mails_to
from tests.platform.awards.factories import acting, at_quality_check, decide, decided, in_approval, standstill_ends


@pytest.fixture(autouse=True)
def _in_english(client):
    client.set_cookie("samverka_lang", "en")


def _requested(app, procurement_id: int, days_ago: int, **stamps) -> None:
    with acting(app, None):
        db.session.execute(
            update(AwardApproval)
            .where(AwardApproval.procurement_id == procurement_id)
            .values(requested_at=utcnow() - timedelta(days=days_ago), **stamps)
        )
        db.session.commit()


def _run(app) -> None:
    with app.app_context():
        send_award_reminders()


def test_a_waiting_chief_is_reminded_once_every_few_days_and_not_after_deciding(app, tenant_a, smtp_server):
    made = in_approval(app, tenant_a)
    decide(app, made.chiefs["Kongsberg"], made.procurement_id)
    _requested(app, made.procurement_id, 2)
    smtp_server.clear()
    _run(app)
    assert smtp_server.messages == []  # asked two days ago: not yet

    _requested(app, made.procurement_id, 4)
    _run(app)
    _run(app)  # a second run (or a second worker) finds it claimed

    (reminder,) = mails_to(smtp_server, "flesbe_chief@example.test")
    subject = " ".join(str(make_header(decode_header(reminder["Subject"]))).split())
    assert "Reminder: Felles sak- og arkivsystem awaits your approval" in subject, subject
    assert mails_to(smtp_server, "kongsb_chief@example.test") == []  # Kongsberg has approved
    assert mails_to(smtp_server, "kongsb_coordinator@example.test") == []

    _requested(app, made.procurement_id, 4, reminded_at=utcnow() - timedelta(days=3))
    _run(app)
    assert len(mails_to(smtp_server, "flesbe_chief@example.test")) == 2


def test_after_the_escalation_days_the_coordinator_is_told_once(app, tenant_a, smtp_server):
    made = in_approval(app, tenant_a)
    _requested(app, made.procurement_id, 8)
    smtp_server.clear()
    _run(app)
    _run(app)
    told = mails_to(smtp_server, "kongsb_coordinator@example.test")
    assert len(told) == 2  # one per municipality still awaited, each once
    assert all("an approval has waited 7 days" in m["Subject"] for m in told)


def test_the_reminders_are_a_daily_periodic_job():
    job = periodic_job("award-approval-reminders")
    assert (job.func, job.queue, job.cron) == (
        "samverka.platform.awards.tasks.send_award_reminders",
        "mail",
        "15 7 * * *",
    )


def _items(app, person, kind: str) -> list:
    with acting(app, person) as principal:
        return [i for i in collect(db.session, principal, local_today("NO")) if i.kind == kind]


def test_attention_asks_each_role_for_its_step(app, tenant_a):
    checking = at_quality_check(app, tenant_a)
    (to_check,) = _items(app, tenant_a.people["coordinator"], "awards.quality_check")
    assert to_check.title == "Quality-check the award recommendation of Felles sak- og arkivsystem"
    assert to_check.url_values == {"procurement_id": checking.procurement_id}

    waiting = in_approval(app, tenant_a)
    (approve,) = _items(app, tenant_a.people["chief"], "awards.approve")
    assert (approve.title, approve.severity) == ("Approve the award of Felles sak- og arkivsystem", WARNING)
    _requested(app, waiting.procurement_id, 7)
    (late,) = _items(app, tenant_a.people["chief"], "awards.approve")
    assert late.severity == DANGER


def test_the_coordinator_is_asked_to_sign_once_the_standstill_is_over(app, tenant_a):
    made = decided(app, tenant_a)
    assert _items(app, tenant_a.people["coordinator"], "awards.sign_contract") == []
    standstill_ends(app, made.procurement_id, -1)
    (sign,) = _items(app, tenant_a.people["coordinator"], "awards.sign_contract")
    assert sign.title == "Sign the contract of Felles sak- og arkivsystem"
