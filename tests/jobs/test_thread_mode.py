"""The demo's jobs (no Redis: ``JOBS_MODE`` "thread") run after the response, never inside the request."""

from __future__ import annotations

import threading

import pytest

from samverka.platform.matching import tasks as matching_tasks
from tests.platform.needs.support import NEED
from tests.support.api import signed_in

pytestmark = [pytest.mark.committed, pytest.mark.postgres]  # the job's thread reads what the request committed


def test_a_request_that_enqueues_a_slow_job_answers_before_the_job_ends(app, client, tenant_a, monkeypatch):
    started, release, ended = threading.Event(), threading.Event(), threading.Event()
    real = matching_tasks.rematch_region

    def slow(session, system, region_id, today):
        """The re-match the submission asks for, held until the test has its answer."""
        started.set()
        release.wait(60)
        try:
            return real(session, system, region_id, today)
        finally:
            ended.set()

    monkeypatch.setattr(matching_tasks, "rematch_region", slow)
    monkeypatch.setitem(app.config, "JOBS_MODE", "thread")
    api = signed_in(client, tenant_a.people["it"])
    try:
        need = api.post(f"/api/v1/tenants/{tenant_a.tenant_id}/needs", NEED).get_json()
        submitted = api.post(f"/api/v1/needs/{need['id']}/submission", {"region_ids": [tenant_a.region_id]})
        assert submitted.status_code == 200, submitted.get_data(as_text=True)
        assert not ended.is_set()  # answered while its job is still held
        assert started.wait(30)  # and the job did start, in the background
    finally:
        release.set()
    assert ended.wait(60)
