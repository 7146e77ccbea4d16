"""Flask extension singletons, initialised by the app factory."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
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


db = SQLAlchemy(model_class=Base)
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
