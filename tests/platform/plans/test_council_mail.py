"""Submitting a plan asks every member's chief executive, once, in the municipality's language, to vote."""

from __future__ import annotations

from samverka.platform.plans.tasks import send_council_mail
from tests.jobs.harness import mails_to, part
from tests.platform.plans.factories import make_plan
from tests.platform.plans.support import chief_of


def test_each_chief_executive_is_asked_to_vote_once_in_norwegian(app, tenant_a, tenant_b, smtp_server):
    smtp_server.clear()
    flesberg_chief = chief_of(app, tenant_a.other_tenant_id, "chief_flesberg", "21098012345")

    plan = make_plan(app, tenant_a, submit=True)  # the mail job runs in-process after the commit
    with app.app_context():
        send_council_mail(plan.plan_id)  # a second run finds the mail claimed

    for chief in (tenant_a.people["chief"], flesberg_chief):
        [mail] = mails_to(smtp_server, f"{chief.key}@example.test")
        assert "Tiltaksplan" in mail["Subject"] and "Kongsbergregionen" in mail["Subject"]
        assert f"/action-plans/{plan.plan_id}/vote" in part(mail, "text/plain")
    assert mails_to(smtp_server, f"{tenant_b.people['chief'].key}@example.test") == []  # another region's council
    assert mails_to(smtp_server, f"{tenant_a.people['it'].key}@example.test") == []  # only chief executives vote
    assert len(smtp_server.messages) == 2


def test_a_draft_plan_asks_nobody(app, tenant_a, smtp_server):
    smtp_server.clear()
    plan = make_plan(app, tenant_a)

    with app.app_context():
        send_council_mail(plan.plan_id)

    assert smtp_server.messages == []
