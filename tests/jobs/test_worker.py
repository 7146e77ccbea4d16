"""A real ``samverka worker`` process runs the jobs the app enqueues after commit."""
from __future__ import annotations

import pytest

from tests.jobs.harness import INVITEE_EMAIL, mails_to, part, wait_until

pytestmark = pytest.mark.redis


def test_a_worker_process_emails_an_invitation_and_records_it_in_the_database(
        worker, invite, load_invitation, smtp_server):
    smtp_server.clear()

    invitation_id = invite()

    wait_until(lambda: load_invitation(invitation_id).emailed_at, what="emailed_at set by the worker")
    mail = wait_until(lambda: mails_to(smtp_server, INVITEE_EMAIL), what="mail delivered")
    assert len(mail) == 1
    assert "/invitations/" in part(mail[0], "text/plain")
    assert f"invitation {invitation_id} emailed" in worker.output()
    assert INVITEE_EMAIL not in worker.output()
