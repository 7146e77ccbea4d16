"""The demo's one shortcut through time: a standstill period that ended yesterday.

Only ``samverka-dev end-standstill`` calls it (never in production). The decision's date and length stay as
decided; its last day moves to yesterday in the participants' time zone, and an audit event records it, so the
history says the period was shortened for the demo and by whom: the system.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from samverka.platform.audit.services import record
from samverka.platform.awards.models import AwardDecision
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today


def end_standstill(procurement_id: int) -> str:
    system = Principal.system("demo: the standstill period shortened")
    bind_principal(db.session, system)
    decision = db.session.scalar(select(AwardDecision).where(AwardDecision.procurement_id == procurement_id))
    if decision is None:
        return f"Procurement {procurement_id} has no award decision yet: every participant must approve first."
    yesterday = local_today(decision.country) - timedelta(days=1)
    was = decision.standstill_ends_on
    decision.standstill_ends_on = min(was, yesterday)
    summary = {"was": was.isoformat(), "now": decision.standstill_ends_on.isoformat()}
    record(db.session, system, "demo.standstill_shortened", decision, region_id=decision.region_id, summary=summary)
    db.session.commit()
    return f"The standstill period of procurement {procurement_id} ended on {decision.standstill_ends_on}."
