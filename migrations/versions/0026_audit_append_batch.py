"""A batch of audit events appended by one call (issue 14): ``samverka_append_audit_batch``.

Revision ID: 0026_auditbatch
Revises: 0025_listsA
Create Date: 2026-12-07

``samverka_append_audit`` (0012) moves the chain's head once per event. A job appending thousands of events
in one transaction updated that one row thousands of times, and every update walks the versions the
transaction left behind: the time grows with the square of the events (a 10,000-line contract import spent
most of its 41 s there). The batch function takes each field as an array, one element per event in chain
order, locks the head once, refuses exactly what the single function refuses for any of the events (an
event that does not link to the one before it, or to the head; an actor other than the acting user), inserts
them in one statement and moves the head once. The chain is the same as from one call per event.

Like 0012's functions it is SECURITY DEFINER, owned by the owner, with a fixed search_path; only the
application's roles may execute it.
"""

import rls
from alembic import op

revision = "0026_auditbatch"
down_revision = "0025_listsA"
branch_labels = None
depends_on = None

FIELDS = (
    ("occurred_at", "timestamp"),
    ("actor_user_id", "int"),
    ("actor_label", "text"),
    ("tenant_id", "int"),
    ("region_id", "int"),
    ("object_type", "text"),
    ("object_id", "text"),
    ("action", "text"),
    ("summary", "json"),
    ("prev_hash", "text"),
    ("hash", "text"),
)
PARAMETERS = ", ".join(f"p_{name} {kind}[]" for name, kind in FIELDS)
ARRAYS = ", ".join(f"p_{name}" for name, _kind in FIELDS)
COLUMNS = ", ".join(name for name, _kind in FIELDS)
SIGNATURE = "samverka_append_audit_batch(" + ", ".join(f"{kind}[]" for _name, kind in FIELDS) + ")"

# Each check reads the arrays through unnest … WITH ORDINALITY, never by subscript, so an array's bounds or
# dimensions cannot make a check read another element than the INSERT writes.
AUDIT_APPEND_BATCH_FUNCTION = f"""
CREATE FUNCTION samverka_append_audit_batch({PARAMETERS})
RETURNS int LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
  events int := coalesce(cardinality(p_hash), 0);
BEGIN
  IF events = 0 OR EXISTS (
    SELECT FROM unnest(ARRAY[{", ".join(f"cardinality(p_{name})" for name, _kind in FIELDS)}]) AS c(n)
    WHERE n IS DISTINCT FROM events
  ) THEN
    RAISE EXCEPTION 'audit events: every field needs one value for each event' USING ERRCODE = '22023';
  END IF;
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF EXISTS (
    SELECT FROM (
      SELECT prev, CASE WHEN i = 1 THEN head.last_hash ELSE lag(h) OVER (ORDER BY i) END AS before
      FROM unnest(p_prev_hash, p_hash) WITH ORDINALITY AS e(prev, h, i)
    ) AS link WHERE prev IS DISTINCT FROM before
  ) THEN
    RAISE EXCEPTION 'audit event does not link to the head of the chain' USING ERRCODE = '40001';
  END IF;
  IF NOT samverka_system() AND EXISTS (
    SELECT FROM unnest(p_actor_label, p_actor_user_id) AS e(label, user_id)
    WHERE label IS DISTINCT FROM 'user:' || user_id
  ) THEN
    RAISE EXCEPTION 'an audit event names its actor as the acting user' USING ERRCODE = '42501';
  END IF;
  INSERT INTO audit_events (seq, {COLUMNS})
  SELECT head.last_seq + e.i, {", ".join(f"e.{name}" for name, _kind in FIELDS)}
  FROM unnest({ARRAYS}) WITH ORDINALITY AS e({COLUMNS}, i)
  ORDER BY e.i;
  UPDATE audit_chain_head SET last_seq = head.last_seq + events,
    last_hash = (SELECT h FROM unnest(p_hash) WITH ORDINALITY AS e(h, i) ORDER BY i DESC LIMIT 1)
  WHERE id = 1;
  RETURN head.last_seq + events;
END
$$
"""


def upgrade():
    if not rls.on_postgresql():  # SQLite (the demo) has no roles: the application appends rows itself there
        return
    op.execute(AUDIT_APPEND_BATCH_FUNCTION)
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    for role in (rls.app_role(), rls.system_role()):
        op.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {role}")


def downgrade():
    if rls.on_postgresql():
        op.execute(f"DROP FUNCTION {SIGNATURE}")
