"""A real ``samverka worker`` process runs the jobs the app enqueues after commit."""

from __future__ import annotations

import subprocess

import click
import pytest

from samverka.jobs.worker import run_worker
from tests.jobs.harness import INVITEE_EMAIL, VENV_BIN, app_environment, mails_to, part
from tests.support.waiting import wait_until


@pytest.mark.redis
def test_a_worker_process_emails_an_invitation_and_records_it_in_the_database(
    worker, invite, load_invitation, smtp_server
):
    smtp_server.clear()

    invitation_id = invite()

    wait_until(lambda: load_invitation(invitation_id).emailed_at, what="emailed_at set by the worker")
    mail = wait_until(lambda: mails_to(smtp_server, INVITEE_EMAIL), what="mail delivered")
    assert len(mail) == 1
    assert "/invitations/" in part(mail[0], "text/plain")
    assert f"invitation {invitation_id} emailed" in worker.output()
    assert INVITEE_EMAIL not in worker.output()


@pytest.mark.parametrize("command", ["worker", "cron"])
def test_worker_and_cron_refuse_clearly_without_redis(app, tmp_path, command):
    env = app_environment(app, tmp_path)  # REDIS_URL removed

    result = subprocess.run([str(VENV_BIN / "samverka"), command], env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 1
    assert "Error: REDIS_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.redis
def test_the_worker_refuses_an_unknown_queue(queued_app):
    with pytest.raises(click.BadParameter, match="unknown queue"):
        run_worker(queued_app, ["mial"])
