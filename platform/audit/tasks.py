"""Periodic checks of the audit log (scheduled in ``samverka.jobs.schedule``)."""

from __future__ import annotations

import logging

from samverka.jobs.runner import task
from samverka.platform.audit import status
from samverka.platform.audit.services import verify_chain
from samverka.platform.core.extensions import db

log = logging.getLogger("samverka.audit")


class AuditChainBroken(RuntimeError):
    """Raised so that RQ marks the job failed and the failure shows in its failed-job registry."""


@task("verify audit chain", queue="maintenance")
def verify_audit_chain() -> int:
    """Recompute the hash chain; return how many events verified, or raise naming the first broken one."""
    result = verify_chain(db.session)
    status.record(result.ok, result.checked)
    if not result.ok:
        log.error(
            "audit chain BROKEN at event seq=%s: %s (%d events before it verified)",
            result.broken_seq,
            result.reason,
            result.checked,
        )
        raise AuditChainBroken(f"audit chain broken at event seq={result.broken_seq}: {result.reason}")
    log.info("audit chain intact: %d events", result.checked)
    return result.checked
