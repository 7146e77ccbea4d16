"""Helpers for the check constraints that models declare."""

from __future__ import annotations

from collections.abc import Iterable


def one_of(column: str, values: Iterable[str]) -> str:
    """``column IN ('a', 'b')``: the database refuses a code the application does not know."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
