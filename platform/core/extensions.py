"""Flask extension singletons, initialised by the app factory."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, bindparam, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from samverka.platform.core.schemas import ExactDecimal, SchemaPlugin
from samverka.platform.core.time import sqlite_months_before

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Where the tenancy guard keeps a session's principal (``guard.bind_principal``).
PRINCIPAL_KEY = "samverka.principal"
# The bind of the system's own database role (``SYSTEM_DATABASE_URL``), when it has one.
SYSTEM_BIND = "system"


class RoutedSession(FlaskSession):
    """A session whose system work runs on the system role's connection.

    While the session is bound to the system principal (a job, the sign-in look-up), its statements
    go to the ``system`` engine: a role the row-level-security policies let through. Everything else
    goes to the web role's engine, which no setting can widen. Without a system engine (SQLite, the
    demo: no row-level security) there is one engine for both.
    """

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        principal = self.info.get(PRINCIPAL_KEY)
        if bind is None and principal is not None and principal.is_system and SYSTEM_BIND in self._db.engines:
            return self._db.engines[SYSTEM_BIND]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)

    def get(self, entity, ident, **kwargs):
        """``Session.get``, but a row not yet in the session is read by one statement per model, built once.

        SQLAlchemy builds a new statement at each ``get``; the tenancy guard then walks it for the tables it reads
        and SQLAlchemy walks the filtered copy for its cache key, at every call (about 0.1 ms of CPU: a region's get,
        its statement included, 407 -> 309 us). A statement built once is filtered once per principal
        (``guard._filtered``). Anything else (options,
        a row already in the session, a composite key) is ``Session.get`` itself. (``scoped_session.get`` passes
        every keyword, its defaults all empty.)"""
        statement = None if any(kwargs.values()) or type(ident) is not int else _by_id(entity)
        if statement is None or self.identity_map.get(_identity_key(entity, ident)) is not None:
            return super().get(entity, ident, **kwargs)
        return self.scalars(statement, {_ID: ident}).one_or_none()


_ID = "samverka_id"
_BY_ID: dict = {}


def _identity_key(entity, ident: int):
    return inspect(entity).identity_key_from_primary_key((ident,))


def _by_id(entity):
    """``SELECT <entity> WHERE <its one primary key column> = :samverka_id``; None for a composite key."""
    if entity not in _BY_ID:
        key = inspect(entity).primary_key
        _BY_ID[entity] = select(entity).where(key[0] == bindparam(_ID)) if len(key) == 1 else None
    return _BY_ID[entity]


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutedSession})


def system_engine() -> Engine:
    """The engine system work connects with: the system role's, else the application's one."""
    return db.engines.get(SYSTEM_BIND, db.engine)


login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = Api(spec_kwargs={"marshmallow_plugin": SchemaPlugin()})
api.register_field(ExactDecimal, "string", "decimal")


def _sqlite_foreign_keys(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    dbapi_connection.create_function("samverka_months_before", 2, sqlite_months_before, deterministic=True)


def enforce_foreign_keys(engine: Engine) -> None:
    """SQLite checks foreign keys (and cascades along them) only when asked, per connection.

    Scope columns copied from a parent follow it by ON UPDATE CASCADE, in the demo as in
    production. Only the application's engine asks: migrations rebuild SQLite tables in ways
    that need the checks off. The application's own SQL functions are registered here too.
    """
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)


def _postgresql_connection_settings(dialect, connection_record, cargs, cparams):
    # Server-side prepared statements as psycopg makes them (after a statement's fifth run on a connection):
    # a read ends by COMMIT (core.transactions), which keeps them, so PostgreSQL plans a list's guarded
    # statements once per connection rather than at every request.
    # No JIT: it pays off on long analytic queries, not on a web request's short ones,
    # where compiling a large statement took longer than running it (issue 14). Random reads priced as on
    # SSD or memory, where the working set lives (PostgreSQL's default of 4 assumes spinning disks): with
    # it, the coordinator's count of new needs scanned all 25,880 needs (8.8 ms) rather than looking up
    # the region's 542 submissions by id (1.4 ms). Sent with the connection's start-up packet: no
    # statement of its own.
    cparams["options"] = f"{cparams.get('options', '')} -c jit=off -c random_page_cost=1.1".strip()


# psycopg rewrites a statement's placeholders for PostgreSQL once and keeps the result (the last 128
# statements), but only for statements under 4 KB and 50 parameters: the attention list's one UNION ALL
# (7 KB) was rewritten at every request, about 0.2 ms of CPU. The limits are module constants that psycopg
# reads at each call; a statement is kept at most once, so the cache stays small.
KEPT_STATEMENT_LENGTH = 16384
KEPT_STATEMENT_PARAMS = 200


def _keep_long_statements() -> None:
    from psycopg import _queries

    _queries.MAX_CACHED_STATEMENT_LENGTH = max(_queries.MAX_CACHED_STATEMENT_LENGTH, KEPT_STATEMENT_LENGTH)
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(_queries.MAX_CACHED_STATEMENT_PARAMS, KEPT_STATEMENT_PARAMS)


def tune_postgresql(engine: Engine) -> None:
    """Connection settings for PostgreSQL's web and system roles alike; nothing on SQLite."""
    if engine.dialect.name == "postgresql":
        _keep_long_statements()
        event.listen(engine, "do_connect", _postgresql_connection_settings)
