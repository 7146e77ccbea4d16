"""The DPA's job: completing the agreement once its last signature is recorded (``completion``)."""

from __future__ import annotations

import logging

from samverka.jobs.runner import task
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.signatures.completion import complete_if_signed

log = logging.getLogger("samverka.signatures")


@task("complete a data processing agreement signed by every participant")
def complete_dpa(procurement_id: int) -> bool:
    session = db.session
    completed = complete_if_signed(session, principal_of(session), procurement_id)
    session.commit()
    if completed:
        log.info("procurement %s: the data processing agreement is signed by every participant", procurement_id)
    return completed
