"""The daily reminder job (real SMTP): each line's period reminded once when due and once more when overdue,
a second run sending nothing, measured and dropped lines left alone; and the landing page's item."""

from __future__ import annotations

from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from samverka.jobs.schedule import periodic_job
from samverka.platform.attention.items import DANGER, WARNING
from samverka.platform.attention.services import collect
from samverka.platform.benefits.models import BenefitReminder
from samverka.platform.benefits.tasks import send_benefit_reminders
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.platform.benefits.factories import delivered_with_benefits
from tests.support.api import signed_in

KONGSBERG_IT, FLESBERG_IT = "kongsb_it@example.test", "flesbe_it@example.test"


def _run(app) -> None:
    with app.app_context():
        send_benefit_reminders()


def _reminders(app) -> list[tuple[int, date, str]]:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        rows = db.session.execute(select(BenefitReminder.line_id, BenefitReminder.period_start, BenefitReminder.kind))
        return sorted(tuple(row) for row in rows)


def _subject(mail) -> str:
    return " ".join(str(make_header(decode_header(mail["Subject"]))).split())


def _last_quarter_ended() -> date:
    """The first day of the quarter before today's."""
    today = local_today("NO")
    this = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    previous = this - timedelta(days=1)
    return date(previous.year, (previous.month - 1) // 3 * 3 + 1, 1)


def test_the_job_reminds_each_period_once_and_a_second_run_sends_nothing(app, tenant_a, smtp_server):
    follow = delivered_with_benefits(app, tenant_a)
    smtp_server.clear()
    _run(app)
    _run(app)
    (mail,) = mails_to(smtp_server, KONGSBERG_IT)
    text = part(mail, "text/plain")
    assert "overdue" in text and f"/benefit-plans/{follow.plan_id}/follow-up#line-{follow.lines['money']}" in text
    assert mails_to(smtp_server, "kongsb_chief@example.test") == []  # only the IT coordinators
    sent = _reminders(app)
    assert len(sent) == len(set(sent))
    # Every quarter of 2026 before the current one is long overdue; each is reminded once, as overdue.
    money = [(start, kind) for line_id, start, kind in sent if line_id == follow.lines["money"]]
    assert (date(2026, 1, 1), "overdue") in money and (date(2026, 1, 1), "due") not in money


def test_a_period_just_ended_is_due_then_overdue_each_reminded_once(app, tenant_a, smtp_server):
    quarter = _last_quarter_ended()
    follow = delivered_with_benefits(app, tenant_a, delivered_on=quarter)
    app.config["BENEFIT_OVERDUE_DAYS"] = 10_000  # nothing is overdue yet
    try:
        smtp_server.clear()
        _run(app)
        assert (follow.lines["money"], quarter, "due") in _reminders(app)
        assert "Benefit measurements due for Kongsberg" in _subject(mails_to(smtp_server, KONGSBERG_IT)[0])
        app.config["BENEFIT_OVERDUE_DAYS"] = 0  # now it is
        _run(app)
        _run(app)
    finally:
        app.config["BENEFIT_OVERDUE_DAYS"] = 30
    kinds = [kind for line_id, start, kind in _reminders(app) if (line_id, start) == (follow.lines["money"], quarter)]
    assert kinds == ["due", "overdue"]
    first, second = mails_to(smtp_server, KONGSBERG_IT)
    assert "Benefit measurements overdue for Kongsberg" in _subject(second)


def test_a_measured_period_and_a_dropped_line_are_not_reminded(app, tenant_a, smtp_server):
    quarter = _last_quarter_ended()
    follow = delivered_with_benefits(app, tenant_a, delivered_on=quarter)
    api = signed_in(app.test_client(), tenant_a.people["it"])
    body = {"period_start": quarter.isoformat(), "amount": "100", "measured_by": "Kari"}
    assert api.post(f"/api/v1/benefit-lines/{follow.lines['money']}/measurements", body).status_code == 201
    drop = {"dropped_reason": "Ikke aktuelt"}
    assert api.post(f"/api/v1/benefit-lines/{follow.lines['hours']}/drop", drop).status_code == 200
    _run(app)
    reminded = {line_id for line_id, _start, _kind in _reminders(app)}
    assert follow.lines["money"] not in reminded and follow.lines["hours"] not in reminded
    assert follow.other_lines["money"] in reminded or quarter.month != 1  # Flesberg's yearly line, due in January


def test_the_reminders_are_a_daily_periodic_job():
    job = periodic_job("benefit-measurement-reminders")
    assert (job.func, job.queue, job.cron) == (
        "samverka.platform.benefits.tasks.send_benefit_reminders",
        "mail",
        "30 7 * * *",
    )


@pytest.mark.parametrize("overdue_days", [30, 100_000])
def test_the_it_coordinator_sees_the_measurements_due_on_the_landing_page(app, tenant_a, overdue_days):
    follow = delivered_with_benefits(app, tenant_a)
    app.config["BENEFIT_OVERDUE_DAYS"] = overdue_days
    try:
        with app.test_request_context():
            principal = load_principal(db.session, tenant_a.people["it"].user_id)
            items = [i for i in collect(db.session, principal, local_today("NO")) if i.kind.startswith("benefits.")]
            chief = load_principal(db.session, tenant_a.people["chief"].user_id)
            chiefs = [i for i in collect(db.session, chief, local_today("NO")) if i.kind.startswith("benefits.")]
    finally:
        app.config["BENEFIT_OVERDUE_DAYS"] = 30
    (item,) = items
    assert item.url_values == {"benefit_plan_id": follow.plan_id} and item.count > 3
    assert item.severity == (DANGER if overdue_days == 30 else WARNING)
    assert chiefs == []
