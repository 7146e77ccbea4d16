"""Periodic jobs: declared once with stable ids, registered with RQ's cron, one cron process only."""

from __future__ import annotations

import subprocess

import pytest
from redis import Redis
from rq.cron import CronScheduler
from sqlalchemy import create_engine, text

from samverka.jobs.queue import QUEUES
from samverka.jobs.schedule import CRON_NAME, PERIODIC, build_scheduler
from samverka.platform.audit.tasks import AuditChainBroken, verify_audit_chain
from tests.jobs.harness import VENV_BIN, ServiceProcess, app_environment
from tests.support.waiting import wait_until


def test_periodic_job_ids_are_unique_and_their_queues_exist():
    ids = [job.id for job in PERIODIC]
    assert len(ids) == len(set(ids))
    assert {job.queue for job in PERIODIC} <= set(QUEUES)


@pytest.mark.redis
def test_every_periodic_job_is_registered_under_its_id(redis_url):
    scheduler = build_scheduler(Redis.from_url(redis_url))

    registered = {job.name: job for job in scheduler.get_jobs()}
    assert set(registered) == {job.id for job in PERIODIC}
    for job in PERIODIC:
        cron_job = registered[job.id]
        assert (cron_job.func_name, cron_job.queue_name, cron_job.cron) == (job.func, job.queue, job.cron)
        assert cron_job.next_enqueue_time is not None


@pytest.mark.redis
def test_the_cron_process_runs_the_schedule_and_a_second_one_is_refused(app, redis_url, tmp_path):
    env = app_environment(app, tmp_path, REDIS_URL=redis_url)
    first = ServiceProcess([str(VENV_BIN / "samverka"), "cron"], env, tmp_path / "cron.log")
    try:
        running = wait_until(lambda: CronScheduler.all(Redis.from_url(redis_url)), what="cron process registered")
        second = ServiceProcess([str(VENV_BIN / "samverka"), "cron"], env, tmp_path / "second.log")
        assert second.process.wait(timeout=60) == 1
        second.stop()
    finally:
        first.stop()
    assert [s.name for s in running] == [CRON_NAME]
    assert {job.name for job in running[0].get_jobs()} == {job.id for job in PERIODIC}
    assert "another cron process is already running" in second.output()


def _tamper_with_first_event(databases) -> None:
    engine = create_engine(databases.superuser_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET summary = :s WHERE seq = 1"), {"s": '{"role": "operator"}'})
    engine.dispose()


def test_the_nightly_audit_check_passes_on_an_intact_chain(app_context, invite):
    invite()  # writes invitation.create and invitation.email events

    assert verify_audit_chain() == 2


def test_the_nightly_audit_check_fails_the_job_on_a_broken_chain(app_context, invite, databases):
    invite()
    _tamper_with_first_event(databases)

    with pytest.raises(AuditChainBroken, match="seq=1"):
        verify_audit_chain()


@pytest.mark.committed  # the job runs in a process of its own, on the events committed here
def test_a_periodic_job_can_be_run_by_hand_by_its_id(app, invite, tmp_path):
    with app.app_context():
        invite()
    env = app_environment(app, tmp_path)

    ran = subprocess.run(
        [str(VENV_BIN / "samverka"), "jobs", "run", "audit-chain-verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert ran.returncode == 0, ran.stderr
    assert "audit-chain-verify: done" in ran.stdout


def test_running_an_unknown_periodic_job_names_the_known_ones(app, tmp_path):
    ran = subprocess.run(
        [str(VENV_BIN / "samverka"), "jobs", "run", "no-such-job"],
        env=app_environment(app, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert ran.returncode == 1
    assert "unknown periodic job 'no-such-job'" in ran.stderr and "audit-chain-verify" in ran.stderr
