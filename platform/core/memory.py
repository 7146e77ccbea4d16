"""Pausing Python's cyclic garbage collector around a long piece of work that makes no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Work that builds many objects and keeps them to its end (a full re-match, a contract import's session)
    would have each cyclic collection in between rescan them all, at a cost that grows faster than their
    number. Reference counting still frees memory meanwhile; the collector runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
