"""Counting the SQL a piece of code sends: the tests that hold a page or a service to a fixed number of
queries, however many rows there are (no query per row)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event

from samverka.platform.core.extensions import db


@contextmanager
def listening(app, record: Callable[[str, object, bool], None], *, every_engine: bool = False) -> Iterator[None]:
    """``record(statement, parameters, executemany)`` for each statement the app's engine sends inside the block
    (``every_engine``: the system role's too, where it has an engine of its own)."""

    def listener(conn, cursor, statement, parameters, context, executemany):
        record(statement, parameters, executemany)

    with app.app_context():
        engines = list({id(engine): engine for engine in db.engines.values()}.values()) if every_engine else [db.engine]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", listener)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", listener)


@contextmanager
def counting_statements(app, keep: Callable[[str], bool] = lambda statement: True) -> Iterator[list[str]]:
    """The statements the app's engine sends inside the block, those ``keep`` accepts."""
    statements: list[str] = []

    def count(statement, parameters, executemany):
        if keep(statement):
            statements.append(statement)

    with listening(app, count):
        yield statements
