"""Each test's database: a rolled-back SAVEPOINT in the module's transaction, or emptied tables and real commits.

Most tests run on one connection that holds a transaction for the whole test module: the world of
two regions is built in it once, and each test runs in a SAVEPOINT rolled back afterwards. The
app's sessions (every app context's, the test's own too) join that connection with
``join_transaction_mode="create_savepoint"``, so their commits release a savepoint of their own and
nothing ever reaches the database: nothing is left to clean up.

Tests marked ``committed`` need data that other connections see (the browser's server thread, an RQ
worker process, threads racing for locks, raw connections as the app role or as a DBA): they start
from freshly emptied tables and commit for real, as the whole suite once did.

The scope settings the row-level-security policies read are transaction-local (``set_config(...,
true)``): inside the module's transaction they would outlive the session that set them. Rolling back
a test's savepoint restores them, and when a session's transaction ends while an enclosing session
is still open (a request made while the test holds an app context), the enclosing session's own
settings are applied again, as its own connection would have kept them.

System work runs as its own database role (``samverka_system()`` lets that role through, by the role
the connection is signed in as), on the ``system`` bind: another connection, which would not see the
module's transaction. So the module's connection is opened by the superuser and takes, for each
statement, the role of the principal it runs for: ``SET LOCAL SESSION AUTHORIZATION`` to the web role,
or to the system role whenever the tenancy guard applies the system's scope settings (when a session
bound to the system begins, or ``bind_principal``/``acting_as`` switch to it inside a transaction).
Both ``session_user`` and ``current_user`` then are that role, as on a connection of its own, and the
change is as transaction-local as the scope settings: a savepoint's rollback undoes it too.
"""

from __future__ import annotations

import copy
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, Pool
from sqlalchemy.sql.elements import TextClause

from samverka.platform.core.extensions import SYSTEM_BIND, db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.tenancy.settings import NO_SCOPE, SET_SCOPE, scope_settings
from tests.support.world import build_world

__all__ = ["database", "module_transaction"]  # the fixtures, for the conftest's star import


def empty_tables(databases) -> None:
    """Empty every table for real, as a DBA would, and restart the ids: for tests whose data other connections
    read. DELETE, not TRUNCATE: on tables this small it is several times faster, and no trigger stands in its way."""
    engine = create_engine(databases.superuser_url)
    with engine.begin() as conn:
        if databases.is_postgres:
            # A test that failed halfway may have left a transaction open (an app context it pushed):
            # end it, or the deletes would wait for its locks forever.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            )
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        if databases.is_postgres:
            sequences = conn.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"))
            for sequence in sequences.all():
                conn.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))
        conn.execute(text("INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, :h)"), {"h": "0" * 64})
    engine.dispose()


class OwnConnectionRefused(RuntimeError):
    """The test reaches the database other than through the module's connection, from the test's thread."""


def _refuse_own_connection(dbapi_connection, record) -> None:
    """A connection of the test's own would not see the module's transaction: a raw connection asserting
    that it sees nothing would pass for the wrong reason. Such a test commits for real instead."""
    dbapi_connection.close()
    raise OwnConnectionRefused("this test opens a database connection of its own: mark it @pytest.mark.committed")


class ModuleTransaction:
    """One connection, one transaction for a test module; the app's sessions join it through savepoints."""

    def __init__(self, app, databases, module: str):
        self.app = app
        self.module = module
        self.world = None
        self.broken = False
        self.sessions: list[Session] = []  # the sessions with an open transaction here, innermost last
        self.writers: set[Session] = set()  # the sessions whose open transaction wrote (or may have written)
        self.thread = threading.current_thread()
        with app.app_context():
            self._engines = db.engines
            self._replaced = {bind: self._engines[bind] for bind in (None, SYSTEM_BIND) if bind in self._engines}
        self._web_role = self._replaced[None].url.username
        self._system_role = self._replaced.get(SYSTEM_BIND, self._replaced[None]).url.username
        # The superuser may take either role for a statement; the tests' own code never runs as the superuser.
        self._harness = create_engine(databases.superuser_url, poolclass=NullPool)
        self.connection = self._harness.connect()
        self.transaction = self.connection.begin()
        event.listen(self.connection, "after_execute", self._follow_principal)
        self._act_as(self._web_role)
        for bind in self._replaced:  # Flask-SQLAlchemy's sessions bind to it, as do ``db.engine`` and the system's
            self._engines[bind] = self.connection
        factory = db.session.session_factory
        self._join_mode = factory.kw.get("join_transaction_mode", "conditional_savepoint")
        factory.configure(join_transaction_mode="create_savepoint")
        event.listen(Session, "after_begin", self._began)
        event.listen(Session, "after_transaction_end", self._ended)
        event.listen(Session, "after_flush", self._flushed)
        event.listen(Session, "do_orm_execute", self._executed)
        app.teardown_appcontext_funcs.append(self._keep_inner_commits)  # runs before Flask-SQLAlchemy's
        event.listen(Pool, "connect", _refuse_own_connection)

    def ensure_world(self):
        """The world of two regions, built once in the module's transaction; each test gets its own copy."""
        if self.world is None:
            self.world = build_world(self.app)
            self.connection.execute(SET_SCOPE, NO_SCOPE)
        return copy.deepcopy(self.world)

    @contextmanager
    def savepoint(self):
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            self.sessions.clear()
            self.writers.clear()
            try:
                if savepoint.is_active:
                    savepoint.rollback()
            except DBAPIError:
                self.broken = True  # the next test starts a module transaction afresh
                raise

    def close(self) -> None:
        event.remove(Pool, "connect", _refuse_own_connection)
        event.remove(Session, "after_begin", self._began)
        event.remove(Session, "after_transaction_end", self._ended)
        event.remove(Session, "after_flush", self._flushed)
        event.remove(Session, "do_orm_execute", self._executed)
        self.app.teardown_appcontext_funcs.remove(self._keep_inner_commits)
        db.session.session_factory.configure(join_transaction_mode=self._join_mode)
        self._engines.update(self._replaced)
        try:
            self.transaction.rollback()
        except DBAPIError:  # a connection the last test broke: nothing on it was ever committed
            self.connection.invalidate()
        self.connection.close()
        self._harness.dispose()

    def _act_as(self, role: str) -> None:
        """Sign the connection in as ``role`` until the transaction (or the savepoint it is in) ends. Sent past
        SQLAlchemy's events: statement counters see only the application's statements."""
        quoted = self.connection.dialect.identifier_preparer.quote(role)
        with self.connection.connection.dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL SESSION AUTHORIZATION {quoted}")

    def _follow_principal(self, conn, clauseelement, multiparams, params, execution_options, result) -> None:
        """The scope settings just applied are a principal's: the statements that follow run as its role."""
        if isinstance(clauseelement, TextClause) and clauseelement.text == SET_SCOPE.text:
            self._act_as(self._system_role if params.get("system") == "on" else self._web_role)

    def _flushed(self, session, flush_context) -> None:
        self.writers.add(session)

    def _executed(self, state) -> None:
        if not state.is_select:
            self.writers.add(state.session)

    def _keep_inner_commits(self, exc) -> None:
        """An app context's session that wrote nothing ends by commit, not rollback.

        In production each session has a connection of its own: what another session committed while this
        one was open (the session store's record of the request's browser session, an outbox job's state)
        stays when this one rolls back. Here their savepoints are inside this one's, and its rollback would
        take them along. For a session that wrote nothing, commit and rollback differ only in that."""
        if exc is not None or not db.session.registry.has():
            return
        session = db.session()
        if not session.in_transaction() or session in self.writers or session.new or session.dirty or session.deleted:
            return
        session.expire_on_commit = False  # what the context read stays readable after it, as after a rollback
        try:
            session.commit()
        except SQLAlchemyError:  # a statement failed in it: rolled back, as it would have been anyway
            session.rollback()

    def _began(self, session, transaction, connection) -> None:
        if connection is not self.connection or transaction.parent is not None:
            return
        if threading.current_thread() is not self.thread:
            raise OwnConnectionRefused(
                "another thread shares the test's connection: mark the test @pytest.mark.committed"
            )
        self.sessions.append(session)

    def _ended(self, session, transaction) -> None:
        if transaction.parent is None:
            self.writers.discard(session)
        if transaction.parent is not None or session not in self.sessions:
            return
        self.sessions.remove(session)
        enclosing = next((s for s in reversed(self.sessions) if s.in_transaction()), None)
        settings = scope_settings(principal_of(enclosing)) if enclosing is not None else NO_SCOPE
        self.connection.execute(SET_SCOPE, settings)


class TestDatabase:
    """The suite's database: whether committed data may be in it, and the current module's transaction."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, app, databases):
        self.app = app
        self.databases = databases
        self.dirty = True  # whatever the migrations left: empty the tables before the first module transaction
        self.shared: ModuleTransaction | None = None

    def end_module(self) -> None:
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    def for_committed_test(self) -> None:
        self.end_module()
        empty_tables(self.databases)
        self.dirty = True

    def for_rolled_back_test(self, module: str) -> ModuleTransaction:
        if self.shared is not None and (self.shared.module != module or self.shared.broken):
            self.end_module()
        if self.shared is None:
            if self.dirty:
                empty_tables(self.databases)
                self.dirty = False
            self.shared = ModuleTransaction(self.app, self.databases, module)
        return self.shared


_CURRENT: list[TestDatabase] = []  # the one TestDatabase of this pytest process, once a test needs it


def _test_database(app, databases) -> TestDatabase:
    if not _CURRENT:
        _CURRENT.append(TestDatabase(app, databases))
    return _CURRENT[0]


class DatabaseForTest:
    """What the ``database`` fixture gives a test: where its world comes from, and the module's transaction."""

    def __init__(self, app, shared: ModuleTransaction | None):
        self.app = app
        self.shared = shared

    def build(self):
        """The world of two regions: built and committed for a committed test, else the module's copy."""
        return build_world(self.app) if self.shared is None else self.shared.ensure_world()


def emptied_for_commits(app, databases) -> None:
    """Empty tables, for a module whose tests share data they commit for real (one world for all of them)."""
    _test_database(app, databases).for_committed_test()


@pytest.fixture(scope="module", autouse=True)
def module_transaction():
    yield
    if _CURRENT:
        _CURRENT[0].end_module()


@pytest.fixture(autouse=True)
def database(request):
    """Every test that touches the app starts from the module's world (or from empty tables) and leaves none of
    its writes behind; a ``committed`` test commits for real, on tables emptied first."""
    if "app" not in request.fixturenames:
        yield None
        return
    app, databases = request.getfixturevalue("app"), request.getfixturevalue("databases")
    state = _test_database(app, databases)
    if request.node.get_closest_marker("committed") or not databases.is_postgres:
        state.for_committed_test()
        yield DatabaseForTest(app, None)
        return
    shared = state.for_rolled_back_test(request.node.module.__name__)
    if "world" in request.fixturenames:
        shared.ensure_world()  # before the test's savepoint, so that the next test finds it too
    with shared.savepoint():
        yield DatabaseForTest(app, shared)
