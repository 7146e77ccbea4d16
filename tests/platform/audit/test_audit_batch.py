"""A batch of audit events appended by one call (``samverka_append_audit_batch``, revision 0026): the same chain
as one ``samverka_append_audit`` call per event, refused for what that function refuses, granted as it is."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from samverka.platform.audit.models import AuditEvent
from samverka.platform.audit.services import Entry, compute_hash, record_many, verify_chain
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.services.principals import load_principal
from tests.support import services
from tests.support.rls import scope_connection

pytestmark = pytest.mark.postgres

FIELDS = ("occurred_at", "actor_user_id", "actor_label", "tenant_id", "region_id", "object_type", "object_id")
FIELDS += ("action", "summary", "prev_hash", "hash")
STORED = "SELECT seq, " + ", ".join(FIELDS).replace("summary", "summary::text") + " FROM audit_events"
SINGLE = text(
    "SELECT samverka_append_audit(:occurred_at, :actor_user_id, :actor_label, :tenant_id, :region_id,"
    " :object_type, :object_id, :action, CAST(:summary AS json), :prev_hash, :hash)"
)
BATCH = text(
    "SELECT samverka_append_audit_batch(CAST(:occurred_at AS timestamp[]), CAST(:actor_user_id AS int[]),"
    " CAST(:actor_label AS text[]), CAST(:tenant_id AS int[]), CAST(:region_id AS int[]),"
    " CAST(:object_type AS text[]), CAST(:object_id AS text[]), CAST(:action AS text[]),"
    " CAST(:summary AS json[]), CAST(:prev_hash AS text[]), CAST(:hash AS text[]))"
)
ARGUMENTS = ("timestamp", "int", "text", "int", "int", "text", "text", "text", "json", "text", "text")
SIGNATURE = f"samverka_append_audit_batch({', '.join(kind + '[]' for kind in ARGUMENTS)})"
SINGLE_SIGNATURE = f"samverka_append_audit({', '.join(ARGUMENTS)})"


def _stored(after_seq: int) -> tuple[list, tuple]:
    rows = db.session.execute(text(STORED + " WHERE seq > :s ORDER BY seq"), {"s": after_seq}).all()
    return [tuple(row) for row in rows], tuple(db.session.execute(text("SELECT * FROM audit_chain_head")).one())


def test_a_batch_makes_the_same_chain_as_one_call_per_event(app, tenant_a):
    entries = [
        Entry("contract.create", None, tenant_id=tenant_a.tenant_id, summary={"title": "Økonomisystem", "n": [1, 2]}),
        Entry("need.create", None, region_id=tenant_a.region_id),
        Entry("reprocurement.create", None, tenant_id=tenant_a.tenant_id, summary={"starts_on": "2027-03-01"}),
    ]
    with app.app_context():
        bind_principal(db.session, Principal.system("test: audit batch"))
        head_seq = db.session.execute(text("SELECT last_seq FROM audit_chain_head")).scalar_one()
        batch = db.session.begin_nested()
        events = record_many(db.session, Principal.system("test: audit batch"), entries)
        batched = _stored(head_seq)
        batch.rollback()
        for event in events:
            fields = {name: getattr(event, name) for name in FIELDS}
            db.session.execute(SINGLE, {**fields, "summary": json.dumps(event.summary, ensure_ascii=False)})
        one_by_one = _stored(head_seq)
        assert verify_chain(db.session).ok
    assert batched == one_by_one
    assert [row[0] for row in batched[0]] == [head_seq + 1, head_seq + 2, head_seq + 3]
    assert batched[1][1:] == (head_seq + 3, events[-1].hash)


def _chain(conn, actors_and_tenants: list[tuple[int, int]]) -> dict[str, list]:
    """Events by these actors in these tenants, linked to the chain's head, as the batch function's arrays."""
    seq, previous = conn.execute(text("SELECT last_seq, last_hash FROM samverka_lock_audit_head()")).one()
    columns: dict[str, list] = {name: [] for name in FIELDS}
    for actor, tenant in actors_and_tenants:
        seq += 1
        event = AuditEvent(
            seq=seq,
            occurred_at=datetime(2026, 12, 7, 6, 0, 0, 123456),
            actor_user_id=actor,
            actor_label=f"user:{actor}",
            tenant_id=tenant,
            object_type="-",
            action="forged",
            summary={},
            prev_hash=previous,
        )
        event.hash = previous = compute_hash(event)
        for name in FIELDS:
            columns[name].append(getattr(event, name))
    columns["summary"] = ["{}"] * len(actors_and_tenants)
    return columns


def _append_as(app, person, forge) -> int:
    """Appends the batch ``forge`` makes of a well-linked chain, as ``person`` through the web role."""
    engine = create_engine(services.app_url())
    try:
        with engine.connect() as conn, conn.begin():
            with app.app_context():
                principal = load_principal(db.session, person.user_id)
            scope_connection(conn, principal)
            return conn.execute(BATCH, forge(conn)).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.committed
def test_the_batch_refuses_what_one_call_refuses(app, tenant_a, tenant_b, databases):
    it, victim = tenant_a.people["it"], tenant_b.people["it"]
    own = (it.user_id, tenant_a.tenant_id)

    def system_label(conn):
        columns = _chain(conn, [own, own])
        columns["actor_label"][1] = "system:forged"
        return columns

    def unlinked(conn):
        columns = _chain(conn, [own, own])
        columns["prev_hash"][1] = "1" * 64
        return columns

    def not_at_head(conn):
        columns = _chain(conn, [own])
        columns["prev_hash"][0] = "1" * 64
        return columns

    def uneven(conn):
        columns = _chain(conn, [own, own])
        columns["tenant_id"].pop()
        return columns

    refused = {
        "actor as the acting user": system_label,
        "row-level security policy": lambda conn: _chain(conn, [own, (victim.user_id, tenant_a.tenant_id)]),
        "row-level security": lambda conn: _chain(conn, [own, (it.user_id, tenant_b.tenant_id)]),
        "does not link": unlinked,
        "link to the head": not_at_head,
        "one value for each event": uneven,
    }
    for message, forge in refused.items():
        with pytest.raises(DBAPIError, match=message):
            _append_as(app, it, forge)
    assert _append_as(app, it, lambda conn: _chain(conn, [own, own])) > 0  # the same batch, well made, is taken
    superuser = create_engine(databases.superuser_url)
    with superuser.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'forged'")).scalar() == 2
    superuser.dispose()


def test_the_batch_function_is_granted_as_the_single_one(app, databases):
    """SECURITY DEFINER with a fixed search_path, owned by the owner, executed by the application's roles only."""
    query = text(
        "SELECT proacl::text[], prosecdef, proconfig, pg_get_userbyid(proowner),"
        " has_function_privilege('public', oid, 'EXECUTE') FROM pg_proc WHERE oid = CAST(:f AS regprocedure)"
    )
    superuser = create_engine(databases.superuser_url)
    with superuser.connect() as conn:
        batch = conn.execute(query, {"f": SIGNATURE}).one()
        single = conn.execute(query, {"f": SINGLE_SIGNATURE}).one()
    superuser.dispose()
    assert batch == single
    acl, definer, config, owner, public = batch
    roles = sorted(entry.split("=")[0] for entry in acl)
    assert roles == sorted([services.OWNER_ROLE, services.APP_ROLE, services.SYSTEM_ROLE])
    assert (definer, config, owner, public) == (True, ["search_path=public, pg_temp"], services.OWNER_ROLE, False)
