"""Recording and verifying audit events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from samverka.platform.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow

_HEAD_ID = 1


def _canonical(event: AuditEvent) -> bytes:
    fields = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_user_id": event.actor_user_id,
        "actor_label": event.actor_label,
        "tenant_id": event.tenant_id,
        "region_id": event.region_id,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "action": event.action,
        "summary": event.summary,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def _actor_label(principal: Principal) -> str:
    if principal.is_system:
        return f"system:{principal.system_reason}"[:64]
    return f"user:{principal.user_id}" if principal.user_id else "anonymous"


# On PostgreSQL only SECURITY DEFINER functions (revisions 0012 and 0026) touch the chain: the roles the
# application connects as may not write audit_events or audit_chain_head themselves.
_LOCK_HEAD = text("SELECT last_seq, last_hash FROM samverka_lock_audit_head()")
_FIELDS = {
    "occurred_at": "timestamp",
    "actor_user_id": "int",
    "actor_label": "text",
    "tenant_id": "int",
    "region_id": "int",
    "object_type": "text",
    "object_id": "text",
    "action": "text",
    "summary": "json",
    "prev_hash": "text",
    "hash": "text",
}
_APPEND_BATCH = text(
    "SELECT samverka_append_audit_batch("
    + ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _FIELDS.items())
    + ")"
)


def _locked_head(session: Session) -> tuple[int, str]:
    """The newest event's number and hash, locked until the transaction ends: one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        return tuple(session.execute(_LOCK_HEAD).one())
    head = session.execute(select(AuditChainHead).where(AuditChainHead.id == _HEAD_ID)).scalar_one()
    return head.last_seq, head.last_hash


def _append(session: Session, events: list[AuditEvent]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        session.add_all(events)
        head = session.get(AuditChainHead, _HEAD_ID)
        head.last_seq, head.last_hash = events[-1].seq, events[-1].hash
        return
    # One call for all of them, each field an array in chain order: the head row is updated once, not once
    # per event (thousands of updates of one row in a transaction cost the square of their number).
    columns = {name: [getattr(event, name) for event in events] for name in _FIELDS}
    columns["summary"] = [json.dumps(summary, ensure_ascii=False) for summary in columns["summary"]]
    session.execute(_APPEND_BATCH, columns)


@dataclass(frozen=True)
class Entry:
    """One event to append: ``action`` done to ``obj`` (None: to no row), in a tenant or region."""

    action: str
    obj: object
    tenant_id: int | None = None
    region_id: int | None = None
    summary: dict | None = None


def record(
    session: Session,
    principal: Principal,
    action: str,
    obj,
    *,
    tenant_id=None,
    region_id=None,
    summary: dict | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction, so the change and its record commit together.

    ``summary`` says what changed; never put an identity number or a token in it.
    """
    return record_many(session, principal, [Entry(action, obj, tenant_id, region_id, summary)])[0]


def record_many(session: Session, principal: Principal, entries: list[Entry]) -> list[AuditEvent]:
    """Append the events in this order, in the caller's transaction: the head is locked once for all of them
    (a batch job's thousands of events), and each links to the one before it exactly as ``record`` would."""
    if not entries:
        return []
    if any(e.obj is not None and getattr(e.obj, "id", None) is None for e in entries):
        session.flush()
    last_seq, last_hash = _locked_head(session)
    events = []
    for entry in entries:
        event = _event(principal, entry, last_seq + 1, last_hash)
        last_seq, last_hash = event.seq, event.hash
        events.append(event)
    _append(session, events)
    return events


def _event(principal: Principal, entry: Entry, seq: int, prev_hash: str) -> AuditEvent:
    obj = entry.obj
    event = AuditEvent(
        seq=seq,
        occurred_at=utcnow(),
        actor_user_id=principal.user_id,
        actor_label=_actor_label(principal),
        tenant_id=entry.tenant_id,
        region_id=entry.region_id,
        object_type=type(obj).__name__ if obj is not None else "-",
        object_id=str(obj.id) if obj is not None else None,
        action=entry.action,
        summary=entry.summary or {},
        prev_hash=prev_hash,
    )
    event.hash = compute_hash(event)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> VerifyResult:
    """Recompute every hash in order; report the first event whose record or link is wrong."""
    with acting_as(session, Principal.system("audit verify")):
        events = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
        previous, expected_seq, checked = GENESIS_HASH, 1, 0
        for event in events:
            problem = _problem(event, previous, expected_seq)
            if problem:
                return VerifyResult(False, checked, event.seq, problem)
            previous, expected_seq, checked = event.hash, event.seq + 1, checked + 1
        head = session.get(AuditChainHead, _HEAD_ID)
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, previous):
        return VerifyResult(False, checked, expected_seq, "events after this point were removed")
    return VerifyResult(True, checked)


def _problem(event: AuditEvent, previous: str, expected_seq: int) -> str:
    if event.seq != expected_seq:
        return f"event {expected_seq} is missing"
    if event.prev_hash != previous:
        return "link to the previous event does not match"
    if compute_hash(event) != event.hash:
        return "stored content does not match its hash"
    return ""
