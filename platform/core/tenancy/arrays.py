"""A set of ids in one column: PostgreSQL ``int[]``, JSON text on SQLite.

Some rows are visible in several scopes at once (a need submitted to two regions). Their
scope ids sit on the row itself, so that a tenancy rule stays a flat comparison an index
serves (``region_ids && <the principal's regions>``, GIN-indexed on PostgreSQL) instead of
a look-up in another table for every row.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


class IdArray(TypeDecorator):
    """Sorted, distinct integer ids."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(Integer))
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value, dialect):
        return sorted({int(v) for v in value or ()})

    def process_result_value(self, value, dialect):
        return sorted(value or ())

    class comparator_factory(TypeDecorator.Comparator):
        def overlaps(self, ids: BindParameter):
            """True when the column shares at least one id with the parameter's ids."""
            return _Overlaps(self.expr, ids)

        def nonempty(self):
            return _NonEmpty(self.expr)


class _Overlaps(FunctionElement):
    type = Boolean()
    inherit_cache = True
    name = "samverka_overlaps"


class _NonEmpty(FunctionElement):
    type = Boolean()
    inherit_cache = True
    name = "samverka_nonempty"


@compiles(_Overlaps, "postgresql")
def _overlaps_postgresql(element, compiler, **kw):
    column, ids = element.clauses
    return f"({compiler.process(column, **kw)} && {compiler.process(ids, **kw)})"


@compiles(_Overlaps)
def _overlaps_json(element, compiler, **kw):
    column, ids = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_each({column}) AS a JOIN json_each({ids}) AS b ON a.value = b.value)"


@compiles(_NonEmpty, "postgresql")
def _nonempty_postgresql(element, compiler, **kw):
    (column,) = element.clauses
    return f"(cardinality({compiler.process(column, **kw)}) > 0)"


@compiles(_NonEmpty)
def _nonempty_json(element, compiler, **kw):
    (column,) = element.clauses
    return f"(json_array_length({compiler.process(column, **kw)}) > 0)"
