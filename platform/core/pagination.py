"""Keyset pagination: every list is read a page at a time, by the database, in a stable order.

A list names its order (columns, each ascending or descending, ending with a unique one) and is
read ``size + 1`` rows at a time: the extra row only says whether there is a next page. The next
page starts after the last row shown, named by an opaque cursor (``?after=``) that encodes that
row's order values, so a page costs the same however deep into the list it is, and rows added
meanwhile do not shift it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import Session

from samverka.platform.core.errors import Refused

T = TypeVar("T")
DEFAULT_SIZE = 20  # as many rows as a screen shows; ?size= asks for up to MAX_SIZE
MAX_SIZE = 200
BAD_CURSOR = _l("This page link is not valid any more: start from the first page.")
BAD_SIZE = _l("Ask for 1 to %(max)s rows per page.", max=MAX_SIZE)


@dataclass(frozen=True)
class Order:
    """One column (or expression) of a list's order. The database reads its value for each row along
    with the row, so a cursor holds exactly what the next page's comparison compares."""

    column: Any
    descending: bool = False


@dataclass(frozen=True)
class PageRequest:
    after: tuple | None = None
    size: int = DEFAULT_SIZE


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_after: str | None  # the cursor of the next page; None on the last

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


FIRST_PAGE = PageRequest()


def _tagged(value):
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _untagged(value):
    if isinstance(value, dict) and "dt" in value:
        return datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and "d" in value:
        return date.fromisoformat(value["d"])
    return value


def encode_cursor(values: Sequence) -> str:
    raw = json.dumps([_tagged(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise Refused.field("after", BAD_CURSOR) from None
    if not isinstance(values, list):
        raise Refused.field("after", BAD_CURSOR)
    return tuple(_untagged(v) for v in values)


def page_request(args: Mapping[str, str], prefix: str = "") -> PageRequest:
    """``?after=<cursor>&size=<n>`` as typed in a URL; bad values are refused (422), never guessed.

    A page with two lists reads the second one's as ``?<prefix>after=...&<prefix>size=...``.
    """
    size_text = args.get(f"{prefix}size", "")
    if size_text and not (size_text.isdigit() and 1 <= int(size_text) <= MAX_SIZE):
        raise Refused.field(f"{prefix}size", BAD_SIZE)
    after = args.get(f"{prefix}after") or None
    return PageRequest(decode_cursor(after) if after else None, int(size_text) if size_text else DEFAULT_SIZE)


def _after(order: Sequence[Order], values: tuple):
    """Rows that come after ``values`` in ``order``: (a > x) or (a = x and b > y) or ..., direction by column."""
    clauses = []
    for index, step in enumerate(order):
        before = [order[i].column == values[i] for i in range(index)]
        beyond = step.column < values[index] if step.descending else step.column > values[index]
        clauses.append(and_(*before, beyond))
    return or_(*clauses)


def _fits(column, value) -> bool:
    """Whether a cursor's value is of the column's type: a forged cursor must not reach the database."""
    try:
        expected = column.type.python_type
    except NotImplementedError:
        return value is not None
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return type(value) is expected


def paginate(session: Session, stmt: Select, order: Sequence[Order], request: PageRequest) -> Page:
    """One page of ``stmt`` (selecting one entity) in ``order``; the statement's own order is replaced by it."""
    if request.after is not None:
        if len(request.after) != len(order) or not all(_fits(o.column, v) for o, v in zip(order, request.after)):
            raise Refused.field("after", BAD_CURSOR)
        stmt = stmt.where(_after(order, request.after))
    stmt = stmt.add_columns(*(o.column for o in order)).order_by(None)
    stmt = stmt.order_by(*(o.column.desc() if o.descending else o.column for o in order))
    rows = list(session.execute(stmt.limit(request.size + 1)))
    shown = rows[: request.size]
    more = len(rows) > request.size
    cursor = encode_cursor(list(shown[-1][1:])) if shown and more else None
    return Page([row[0] for row in shown], cursor)
