"""Ids in paths: every ``<int:...>`` of every route is a row id, from 1 to 2³¹−1 (a PostgreSQL integer).

The app factory puts ``IdConverter`` in place of Werkzeug's ``int`` before any route is added, so a
path such as ``/needs/9223372036854775808`` is a 404 like any other id that names no row, instead
of an overflow in the database driver or the database. The OpenAPI document states the bounds.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from samverka.platform.core.schemas import MAX_ID


class IdConverter(IntegerConverter):
    """Werkzeug's unsigned integer, bounded to the ids the database can hold."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
