"""Counting the SQL a piece of code sends: the tests that hold a page or a service to a fixed number of
queries, however many rows there are (no query per row)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event

from samverka.platform.core.extensions import db


@contextmanager
def counting_statements(app, keep: Callable[[str], bool] = lambda statement: True) -> Iterator[list[str]]:
    """The statements the app's engine sends inside the block, those ``keep`` accepts."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if keep(statement):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
