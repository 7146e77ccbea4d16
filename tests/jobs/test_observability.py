"""Observability of the real processes: a worker logs a job's lines (JSON) with the id of the request that
enqueued it; /metrics shows the queues, the failed jobs and the audit chain, and under gunicorn sums its workers."""

from __future__ import annotations

import json
import platform

import pytest
import requests
from rq import Queue, SimpleWorker

from samverka.jobs.runner import call_job
from tests.jobs.failing import REFUSE
from tests.jobs.harness import INVITEE_EMAIL, VENV_BIN, ServiceProcess, app_environment, worker_process
from tests.support.api import signed_in
from tests.support.fixtures import free_port
from tests.support.waiting import wait_until

TOKEN = "metrics-token-for-the-tests-6f2a9c41d8b7e035"
HEALTHZ_COUNT = 'samverka_http_request_duration_seconds_count{method="GET",route="/healthz",status="2xx"}'
NGINX_ID = "0b9d3c5e7f214a6c8e0f1a2b3c4d5e6f"


@pytest.fixture
def json_worker(queued_app, tmp_path):
    """A real ``samverka worker`` writing JSON log lines, as in production."""
    with worker_process(queued_app, tmp_path, LOG_FORMAT="json") as process:
        yield process


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.mark.redis
@pytest.mark.committed  # the worker process reads the invitation
def test_the_worker_logs_the_job_with_the_id_of_the_request_that_enqueued_it(
    queued_app, json_worker, client, tenant_a, smtp_server
):
    api = signed_in(client, tenant_a.people["coordinator"])
    invitation = {
        "email": INVITEE_EMAIL,
        "name": "Nora Nyansatt",
        "role": "it_coordinator",
        "scope_id": tenant_a.tenant_id,
    }

    created = client.post("/api/v1/invitations", json=invitation, headers={**api.headers, "X-Request-ID": NGINX_ID})

    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.headers["X-Request-ID"] == NGINX_ID
    emailed = f"invitation {created.get_json()['id']} emailed"
    json_worker.wait_for(emailed)
    lines = _json_lines(json_worker.output())  # every line is one JSON object
    [line] = [line for line in lines if line["message"] == emailed]
    assert (line["request_id"], line["job"], line["logger"]) == (
        NGINX_ID,
        "samverka.tenants.tasks.send_invitation_email",
        "samverka.tenants",
    )
    assert INVITEE_EMAIL not in json_worker.output() and "Nora Nyansatt" not in json_worker.output()


@pytest.mark.redis
def test_metrics_show_queue_depths_failed_jobs_and_the_audit_chain(queued_app, client, monkeypatch):
    monkeypatch.setitem(queued_app.config, "METRICS_TOKEN", TOKEN)
    connection = queued_app.extensions.get("samverka.redis") or _connect(queued_app)
    Queue("default", connection=connection).enqueue(REFUSE.name, "a first refusal")
    with queued_app.app_context():
        SimpleWorker(["default"], connection=connection).work(burst=True)  # the real run: the job fails
        call_job("samverka.platform.audit.tasks.verify_audit_chain")
    for reason in ("waits one", "waits two"):
        Queue("mail", connection=connection).enqueue(REFUSE.name, reason)

    body = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)

    assert 'samverka_queue_jobs{queue="mail"} 2.0' in body
    assert 'samverka_queue_jobs{queue="default"} 0.0' in body
    assert 'samverka_queue_failed_jobs{queue="default"} 1.0' in body
    assert 'samverka_queue_failed_jobs{queue="mail"} 0.0' in body
    assert "samverka_cron_alive 0.0" in body
    assert "samverka_audit_chain_ok 1.0" in body
    assert "samverka_audit_chain_verified_timestamp_seconds " in body
    assert 'samverka_scrape_source_up{source="redis"} 1.0' in body
    age = _value(body, 'samverka_queue_oldest_job_age_seconds{queue="mail"}')
    assert 0 <= age < 60


def _connect(app):
    from samverka.jobs.queue import redis_connection

    return redis_connection(app)


def _value(body: str, series: str) -> float:
    [line] = [line for line in body.splitlines() if line.startswith(series + " ")]
    return float(line.split()[-1])


def test_gunicorn_writes_json_lines_and_its_metrics_count_every_worker_even_recycled_ones(app, tmp_path):
    port = free_port()
    env = app_environment(app, tmp_path, LOG_FORMAT="json", METRICS_TOKEN=TOKEN)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py makes one
    command = [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    # Each worker is replaced after 8 requests: the count of those gone must stay in the sum.
    recycled = ["--workers", "2", "--max-requests", "8", "--max-requests-jitter", "0"]
    server = ServiceProcess([*command, *recycled, "samverka.platform.app:create_app()"], env, tmp_path / "g.log")
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(f"Samverka web ready on {platform.system()}")
        wait_until(lambda: _get(f"{base}/healthz"), timeout=300, what="/healthz answering")
        for _ in range(20):  # while one worker restarts (slowly on a loaded machine) the other answers
            requests.get(f"{base}/healthz", headers={"X-Request-ID": "evil'quoted'id"}, timeout=300)
        refused = requests.get(f"{base}/metrics", timeout=300)
        scraped = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    finally:
        server.stop()
    assert refused.status_code == 404
    count = _value(
        scraped.text, 'samverka_http_request_duration_seconds_count{method="GET",route="/healthz",status="2xx"}'
    )
    lines = _json_lines(server.output())  # every line, gunicorn's own included, is one JSON object
    assert any(line["logger"] == "gunicorn.error" and "ready" in line["message"] for line in lines)
    access = [line for line in lines if line["logger"] == "samverka.access" and line["route"] == "/healthz"]
    assert count == len(access) >= 21  # the wait's request(s) and the twenty, over at least 3 processes
    assert len({line["process"] for line in access}) >= 3
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]
    assert len({line["request_id"] for line in access}) == len(access)
    assert "evil" not in server.output()


def _get(url: str):
    try:
        return requests.get(url, timeout=5)
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or no worker booted yet
        return None
