"""bench/jobs.py's mail part: re-procurement notices through two real ``samverka worker`` processes to a local
SMTP catcher, every message counted there by its Message-ID and by what it is about (recipient and contract)."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from redis import Redis
from rq import Queue
from sqlalchemy import func, select, update

from bench.dataset.common import insert_all
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.contracts.services import notices
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.tenants.models import RoleAssignment
from tests.jobs.harness import VENV_BIN, ServiceProcess, app_environment, part
from tests.support.smtp import CapturingSMTPServer

WORKERS = 2
_CONTRACT_LINK = re.compile(r"/contracts/(\d+)")


def load_reprocurements(app, count: int) -> None:
    """Without the lead-time job (``--only``): ``count`` re-procurements of municipalities' contracts as it would
    have made them, each with a need of its municipality (a notice reads it to say whether it waits as a draft)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("bench: notices"))
        need = select(func.min(Need.id)).where(Need.tenant_id == Contract.tenant_id).scalar_subquery()
        stmt = select(Contract.id, Contract.tenant_id, Contract.ends_on, need).where(Contract.tenant_id.is_not(None))
        rows = db.session.execute(stmt.order_by(Contract.id).limit(count))
        insert_all(
            db.session,
            Reprocurement,
            [
                {"contract_id": c, "tenant_id": t, "period_end": end, "starts_on": end - timedelta(days=540)}
                | {"need_id": need_id}
                for c, t, end, need_id in rows
            ],
        )
        db.session.commit()


def stage_notices(app, count: int) -> tuple[list[int], int]:
    """``count`` re-procurements of municipalities made un-notified again, and how many mails they make (one
    per IT coordinator of the municipality: one each, two where bench/attention.py put a second)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("bench: notices"))
        stmt = select(Reprocurement.id).where(Reprocurement.tenant_id.is_not(None)).order_by(Reprocurement.id)
        ids = list(db.session.scalars(stmt.limit(count)))
        db.session.execute(update(Reprocurement).where(Reprocurement.id.in_(ids)).values(notified_at=None))
        recipients = (
            select(func.count())
            .select_from(Reprocurement)
            .join(RoleAssignment, RoleAssignment.tenant_id == Reprocurement.tenant_id)
            .where(Reprocurement.id.in_(ids), RoleAssignment.role == "it_coordinator")
        )
        expected = db.session.scalar(recipients)
        db.session.commit()
    return ids, expected


def enqueue_notices(app, ids: list[int]) -> None:
    """One transaction asks for every notice, as the lead-time job does (a job per ``notices.NOTICES_PER_JOB``);
    the commit hands them to RQ."""
    with app.app_context():
        bind_principal(db.session, Principal.system("bench: notices"))
        notices.ask_for(db.session, ids)
        db.session.commit()


def start_workers(app, directory: Path, options: tuple[str, ...]) -> list[ServiceProcess]:
    env = app_environment(app, directory, REDIS_URL=app.config["REDIS_URL"])
    workers = [
        ServiceProcess([str(VENV_BIN / "samverka"), "worker", *options, "mail"], env, directory / f"worker-{k}.log")
        for k in range(WORKERS)
    ]
    for worker in workers:
        worker.wait_for("Listening on", timeout=120)
    return workers


def wait_for_mail(catcher: CapturingSMTPServer, redis: Redis, expected: int, timeout: float) -> None:
    """Until the catcher has ``expected`` messages and the mail queue is empty, or ``timeout`` passed."""
    queue = Queue("mail", connection=redis)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(catcher.messages) >= expected and queue.count == 0:
            return
        time.sleep(0.2)


def counted(catcher: CapturingSMTPServer) -> dict:
    messages = catcher.messages
    ids = Counter(m["Message-ID"] for m in messages)
    about = Counter((m["To"], _CONTRACT_LINK.search(part(m, "text/plain")).group(1)) for m in messages)
    return {
        "mails at the catcher": len(messages),
        "distinct Message-IDs": len(ids) - (None in ids),
        "doubled (same recipient, same contract)": sum(n - 1 for n in about.values()),
    }


def bench_notices(app, redis: Redis, results: dict, count: int, port: int, options: tuple[str, ...] = ()) -> dict:
    catcher = CapturingSMTPServer(port=port)
    catcher.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    ids, expected = stage_notices(app, count)
    with TemporaryDirectory() as directory:
        workers = start_workers(app, Path(directory), options)
        try:
            started = time.perf_counter()
            enqueue_notices(app, ids)
            results["notices enqueued"] = time.perf_counter() - started
            wait_for_mail(catcher, redis, expected, timeout=max(120, expected))  # at least a mail a second
            results["notices through 2 workers"] = time.perf_counter() - started
            time.sleep(2)  # a doubled mail would arrive just after the last
        finally:
            for worker in workers:
                worker.stop()
        facts = {"notices asked for": len(ids), "mails expected": expected} | counted(catcher)
    catcher.stop()
    return facts
