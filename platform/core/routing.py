"""Ids in paths: every ``<int:...>`` of every route is a row id, from 1 to 2³¹−1 (a PostgreSQL integer).

The app factory puts ``IdConverter`` in place of Werkzeug's ``int`` before any route is added, so a
path such as ``/needs/9223372036854775808`` is a 404 like any other id that names no row, instead
of an overflow in the database driver or the database. The OpenAPI document states the bounds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask, request, url_for
from werkzeug.routing import IntegerConverter

from samverka.platform.core.schemas import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's unsigned integer, bounded to the ids the database can hold."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def id_links(endpoint: str, id_name: str) -> Callable[[int], str]:
    """The path of ``endpoint`` for any row id, asking ``url_for`` once: a list page links each of its rows,
    and url_for takes about 10 µs a link. The path is built for the largest id, which nothing else in a path
    holds, and each row's id put in its place; prefixes and the script root stay as url_for wrote them."""
    head, _, tail = url_for(endpoint, **{id_name: MAX_ID}).rpartition(str(MAX_ID))
    return lambda row_id: f"{head}{row_id}{tail}"


def fixed_url(endpoint: str, **values) -> str:
    """``url_for`` of an address every page under the same root writes alike (a menu item, a layout's static
    file): built once per root, not on each page."""
    return _fixed_url(endpoint, tuple(sorted(values.items())), request.script_root)


@lru_cache(maxsize=4096)
def _fixed_url(endpoint: str, values: tuple, script_root: str) -> str:
    return url_for(endpoint, **dict(values))


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
