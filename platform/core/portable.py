"""SQL that PostgreSQL (production, the tests) and SQLite (the demo, ``make demo``) both run.

Lists read their rows' values in one statement by aggregating them into arrays (a plan item's participants, a
procurement's gate facts) or by packing a row into one value (the attention list's branches). PostgreSQL has
arrays and ``json_build_array``; SQLite has neither, only JSON. Each construct here is written once for the
application and compiled for the database it runs on, and each reads back as the same Python list.
"""

from __future__ import annotations

from sqlalchemy import JSON
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType, TypeDecorator


class AsList(TypeDecorator):
    """A list as psycopg gives PostgreSQL's arrays and JSON already read; JSON text to read on SQLite."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(JSON())
        return dialect.type_descriptor(NullType())

    def process_bind_param(self, value, dialect):
        raise TypeError("AsList reads a result; it is never a parameter")


class listed(FunctionElement):
    """``array_agg(value ORDER BY order)`` over a group, as a list. Several of them over one group line up with
    each other on either database; on SQLite, without an ORDER BY in an aggregate before 3.44, in the order of
    the group's rows rather than ``order``'s."""

    type = AsList()
    inherit_cache = True
    name = "listed"

    def __init__(self, value, order=None):
        super().__init__(*((value,) if order is None else (value, order)))


class values_list(FunctionElement):
    """``ARRAY[a, b, ...]``: one row's values as a list (of one SQL type on PostgreSQL)."""

    type = AsList()
    inherit_cache = True
    name = "values_list"


class row_as_list(FunctionElement):
    """``json_build_array(a, b, ...)``: one row's values of any types as one JSON list (dates as ISO text)."""

    type = AsList()
    inherit_cache = True
    name = "row_as_list"


def _arguments(element, compiler, **kw) -> list[str]:
    return [compiler.process(argument, **kw) for argument in element.clauses]


@compiles(listed, "postgresql")
def _listed_postgresql(element, compiler, **kw):
    value, *order = _arguments(element, compiler, **kw)
    return f"array_agg({value} ORDER BY {order[0]})" if order else f"array_agg({value})"


@compiles(listed)
def _listed_sqlite(element, compiler, **kw):
    return f"json_group_array({_arguments(element, compiler, **kw)[0]})"


@compiles(values_list, "postgresql")
def _values_list_postgresql(element, compiler, **kw):
    return f"ARRAY[{', '.join(_arguments(element, compiler, **kw))}]"


@compiles(values_list)
@compiles(row_as_list)
def _json_array(element, compiler, **kw):
    # A JSON column holds text on SQLite: json() makes it a value of the list, not a string in it.
    parts = (
        f"json({compiler.process(argument, **kw)})" if _is_json(argument.type) else compiler.process(argument, **kw)
        for argument in element.clauses
    )
    return f"json_array({', '.join(parts)})"


def _is_json(type_) -> bool:
    return isinstance(type_, JSON) or isinstance(getattr(type_, "impl_instance", None), JSON)


@compiles(row_as_list, "postgresql")
def _row_as_list_postgresql(element, compiler, **kw):
    return f"json_build_array({', '.join(_arguments(element, compiler, **kw))})"
