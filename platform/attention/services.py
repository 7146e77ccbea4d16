"""Collecting what needs a person's attention from every registered source, once per request.

Every source's branches run as one statement (a UNION ALL): each branch's row travels as one JSON array,
numbered in the branch's own order, so that branches of different columns fit in one result. One statement
instead of one per kind of item: each costs the worker more to send and read than PostgreSQL to answer.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from flask import Flask, current_app, g
from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.orm import Session

from samverka.platform.attention.items import AttentionItem, AttentionSource, Branch, Query, order_key
from samverka.platform.core.portable import row_as_list
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today

EXTENSION = "samverka.attention"
# JSON carries dates and times as ISO text: the branch's column type says which to read back.
_FROM_TEXT = {date: date.fromisoformat, datetime: datetime.fromisoformat}


def init_app(app: Flask, sources: Sequence[AttentionSource]) -> None:
    """The sources, in the order the app factory lists them."""
    app.extensions[EXTENSION] = tuple(sources)


def today_for(principal: Principal) -> date:
    """Deadlines are the municipalities' dates; Norway's and Sweden's days are the same calendar day."""
    return local_today("NO")


def collect(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    """Every source's items for the principal, the most urgent first."""
    if not principal.is_authenticated:
        return []
    parts = [part for source in current_app.extensions[EXTENSION] for part in source(session, principal, today)]
    branches = [part for part in parts if isinstance(part, Branch)]
    rows = iter(_rows_of(session, branches, today))
    items = [item for part in parts for item in (part.items(next(rows)) if isinstance(part, Branch) else part())]
    return sorted(items, key=order_key)


def _rows_of(session: Session, branches: list[Branch], today: date) -> list[list]:
    """Each branch's rows, as its query would give them alone, from one statement (``TODAY`` bound here)."""
    if not branches:
        return []
    params = {"today": today, **{name: value for branch in branches for name, value in branch.params.items()}}
    found: list[list] = [[] for _ in branches]
    for number, values in session.execute(_union(tuple(branch.query for branch in branches)), params):
        found[number].append(values)
    return [_typed(branch.query, values) for branch, values in zip(branches, found, strict=True)]


@lru_cache(maxsize=256)
def _union(queries: tuple[Query, ...]) -> Select:
    """The queries' UNION ALL, built once per combination (SQLAlchemy then reuses its compiled form)."""
    selects = [
        query.statement.with_only_columns(
            literal(number).label("branch"),
            func.row_number().over(order_by=query.order).label("ordinal"),
            row_as_list(*query.statement.selected_columns).label("row"),
            maintain_column_froms=True,
        )
        for number, query in enumerate(queries)
    ]
    union = union_all(*selects).subquery()
    return select(union.c.branch, union.c.row).order_by(union.c.branch, union.c.ordinal)


def _typed(query: Query, rows: list[list]) -> list:
    row, readers = _reading(query)
    return [row(*(read(v) if read and v is not None else v for read, v in zip(readers, values))) for values in rows]


@lru_cache(maxsize=256)
def _reading(query: Query) -> tuple[type, list]:
    """The query's row type and, per column, how to read its JSON value back (None: as JSON gives it)."""
    columns = list(query.statement.selected_columns)
    row = namedtuple("Row", [column.key or "_" for column in columns], rename=True)
    return row, [_FROM_TEXT.get(_python_type(column)) for column in columns]


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:  # a type without one (EXISTS, JSON) is read as JSON gives it
        return None


def for_request(session: Session, principal: Principal) -> list[AttentionItem]:
    """The same list for the menu's count and the page in one request: computed once."""
    cached = g.get("attention_items")
    if cached is None or cached[0] != principal.user_id:
        cached = (principal.user_id, collect(session, principal, today_for(principal)))
        g.attention_items = cached
    return cached[1]
