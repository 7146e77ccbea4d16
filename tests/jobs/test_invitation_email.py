"""The invitation mail job: enqueued only after commit, in-process without Redis, sent exactly once."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import update

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants.models import Invitation
from samverka.tenants.roles import Role
from samverka.tenants.services import directory
from samverka.tenants.services.invitations import create_invitation
from samverka.tenants.services.principals import load_principal
from samverka.tenants.tasks import send_invitation_email
from tests.jobs.harness import INVITEE_EMAIL, mails_to, part

JOB = "samverka.tenants.tasks.send_invitation_email"


def _change_invitation(app, invitation_id: int, **values) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test set-up"))
        db.session.execute(update(Invitation).where(Invitation.id == invitation_id).values(**values))
        db.session.commit()


def _run_job(app, invitation_id: int) -> None:
    with app.app_context():
        send_invitation_email(invitation_id)


@pytest.mark.redis
def test_a_rolled_back_invitation_enqueues_nothing_and_a_committed_one_exactly_one_job(queued_app, invite, redis_url):
    mail_queue = Queue("mail", connection=Redis.from_url(redis_url))

    invite(commit=False)
    assert mail_queue.count == 0

    invitation_id = invite()
    assert mail_queue.count == 1
    job = mail_queue.jobs[0]
    assert (job.func_name, job.args) == (JOB, (invitation_id,))


def test_without_redis_the_job_runs_in_process_right_after_commit(app, invite, load_invitation, smtp_server):
    smtp_server.clear()

    invitation_id = invite()

    assert load_invitation(invitation_id).emailed_at is not None
    assert len(mails_to(smtp_server, INVITEE_EMAIL)) == 1


def test_running_the_job_again_sends_no_second_mail(app, invite, load_invitation, smtp_server):
    smtp_server.clear()
    invitation_id = invite()
    first_sent = load_invitation(invitation_id).emailed_at

    _run_job(app, invitation_id)
    _run_job(app, invitation_id)

    assert len(mails_to(smtp_server, INVITEE_EMAIL)) == 1
    assert load_invitation(invitation_id).emailed_at == first_sent


@pytest.mark.redis
@pytest.mark.parametrize(
    "change",
    [
        {"expires_at": utcnow() - timedelta(minutes=1)},
        {"accepted_at": utcnow()},
    ],
    ids=["expired", "accepted"],
)
def test_an_invitation_that_can_no_longer_be_accepted_is_not_emailed(
    queued_app, invite, load_invitation, smtp_server, change
):
    smtp_server.clear()
    invitation_id = invite()  # queued in Redis, not yet sent
    _change_invitation(queued_app, invitation_id, **change)

    _run_job(queued_app, invitation_id)

    assert mails_to(smtp_server, INVITEE_EMAIL) == []
    assert load_invitation(invitation_id).emailed_at is None


def test_a_missing_invitation_is_skipped(app, smtp_server):
    smtp_server.clear()

    _run_job(app, 987654)

    assert smtp_server.messages == []


def test_the_mail_carries_a_working_link_in_the_tenants_language_and_english(app, invite, load_invitation, smtp_server):
    smtp_server.clear()
    invitation_id = invite()
    [mail] = mails_to(smtp_server, INVITEE_EMAIL)

    text, html = part(mail, "text/plain"), part(mail, "text/html")
    links = re.findall(r"http://\S+/invitations/([\w-]+)", text)
    assert len(links) == 2 and links[0] == links[1]  # once per language
    assert hashlib.sha256(links[0].encode()).hexdigest() == load_invitation(invitation_id).token_hash
    assert html.index('<div lang="nb">') < html.index('<div lang="en">')  # Kongsberg is Norwegian
    assert "Kongsberg" in text and "Nora Nyansatt" in text
    assert mail["Subject"].endswith("Invitation to Samverka")


def test_a_coordinator_of_a_swedish_region_is_mailed_in_swedish_first(app, operator, smtp_server):
    smtp_server.clear()
    with app.app_context():
        principal = load_principal(db.session, operator.user_id, stepped_up=True)
        region = directory.create_region(db.session, principal, name="Norrbottens kommuner", currency="SEK")
        create_invitation(
            db.session,
            principal,
            email="anna.svensson@example.test",
            name="Anna Svensson",
            role=Role.COORDINATOR,
            scope_id=region.id,
        )
        db.session.commit()

    [mail] = mails_to(smtp_server, "anna.svensson@example.test")
    html = part(mail, "text/html")
    assert html.index('<div lang="sv">') < html.index('<div lang="en">')
    assert "Norrbottens kommuner" in part(mail, "text/plain")


def test_the_job_logs_the_invitation_id_and_never_the_address(app, invite, caplog):
    with caplog.at_level(logging.INFO, logger="samverka"):
        invitation_id = invite()

    messages = [record.getMessage() for record in caplog.records]
    assert f"invitation {invitation_id} emailed" in messages
    assert not any(INVITEE_EMAIL in message for message in messages)


def test_sending_the_mail_is_recorded_in_the_audit_log(app, invite):
    invitation_id = invite()

    with app.app_context():
        bind_principal(db.session, Principal.system("test assertions"))
        events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "invitation.email")).all()
    assert [(e.object_id, e.actor_label, e.summary) for e in events] == [
        (str(invitation_id), "system:send invitation email", {"locale": "nb"})
    ]
