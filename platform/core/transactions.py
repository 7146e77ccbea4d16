"""A request that only read ends its transaction by COMMIT, not by ROLLBACK.

psycopg prepares a statement on the server once it has run it a few times, and PostgreSQL then reuses the
statement's plan rather than planning it anew. A ROLLBACK drops them all (psycopg cannot tell which were
prepared inside the rolled-back transaction, so it deallocates every one), and every request used to end in
one: the session's close, the pool's reset. Planning the guarded statements of a list (the attention list's
UNION of about a hundred sub-plans, a roll-up's joins) cost PostgreSQL more than running them (issue 14).

A read is committed only when nothing was written: no object pending in the session and, asked of each
PostgreSQL connection the transaction used, no transaction id assigned (PostgreSQL assigns one at the first
write of any kind, the ORM's or raw SQL's). Anything else is rolled back as before, so a request that wrote
without committing still loses its writes. The scope's settings are transaction-local either way.

The question costs a round trip, so it is asked only of a connection that ran something other than a
SELECT built with SQLAlchemy (``select()``, ``union_all()``, the ORM's reads) without ``FOR UPDATE``, or
a statement marked ``WRITES_NOTHING`` (the scope's settings): an INSERT, UPDATE or DELETE, any text or
driver SQL. A SELECT built so that it calls a function that writes would be committed: the application's
functions that write (the audit chain's) are called through text SQL, which is asked about.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import CompoundSelect, Select, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samverka.platform.core.extensions import db

# Where a session keeps the PostgreSQL connections its current transaction began on.
_CONNECTIONS_KEY = "samverka.postgresql_connections"
_NO_WRITE = text("SELECT pg_current_xact_id_if_assigned() IS NULL")
# Set on a connection (its pool record's info) once its transaction ran a statement that may have written.
_MAY_HAVE_WRITTEN = "samverka.may_have_written"
# The execution option of a statement that writes no row, though it is text SQL (``SET_SCOPE``).
WRITES_NOTHING = "samverka_writes_nothing"


def _note_connection(session: Session, transaction, connection) -> None:
    if transaction.parent is None and connection.dialect.name == "postgresql":
        session.info.setdefault(_CONNECTIONS_KEY, []).append(connection)
        connection.info[_MAY_HAVE_WRITTEN] = False


def _reads_only(context) -> bool:
    compiled = getattr(context, "compiled", None)
    if compiled is None:
        return False  # driver SQL
    if context.execution_options.get(WRITES_NOTHING):
        return True
    statement = compiled.statement
    return isinstance(statement, Select | CompoundSelect) and statement._for_update_arg is None


def _note_statement(connection, cursor, statement, parameters, context, executemany) -> None:
    if connection.dialect.name == "postgresql" and not _reads_only(context):
        connection.info[_MAY_HAVE_WRITTEN] = True


def _forget_connections(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTIONS_KEY, None)


def _wrote_nothing(session: Session, connections) -> bool:
    if session.new or session.dirty or session.deleted:
        return False
    unsure = [connection for connection in connections if connection.info.get(_MAY_HAVE_WRITTEN, True)]
    return all(connection.execute(_NO_WRITE).scalar() for connection in unsure)


def end_read(session: Session) -> None:
    """End the session's transaction: COMMIT when it only read from PostgreSQL, else ROLLBACK.

    Objects are not expired by the commit: nothing was written, so what they hold is what a rollback
    would have left them holding, and a caller keeping one (a test, a template rendered after the view)
    reads it without a new query."""
    connections = session.info.get(_CONNECTIONS_KEY)
    if not connections or not session.in_transaction():
        session.rollback()
        return
    try:
        if not _wrote_nothing(session, connections):
            session.rollback()
            return
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    except SQLAlchemyError:
        session.rollback()


def _end_request(exception: BaseException | None) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it: the session is then removed
    # with no transaction left for its close to roll back.
    if exception is not None or not db.session.registry.has():
        return  # failed (the session's close rolls back), or never read the database: no session to make now
    session = db.session()
    if session.in_transaction():
        end_read(session)


def init_app(app: Flask) -> None:
    # Listeners on the class, once per process however many apps are made (the tests make many).
    if not event.contains(Session, "after_begin", _note_connection):
        event.listen(Session, "after_begin", _note_connection)
        event.listen(Session, "after_transaction_end", _forget_connections)
        event.listen(Engine, "before_cursor_execute", _note_statement)
    app.teardown_appcontext(_end_request)
