"""Assurance levels (acr) and the authentication method (amr) that reaches each.

Mirrors ID-porten: MinID gives "substantial", BankID gives "high". A client
asks for a minimum with ``acr_values``; the provider may only offer levels at
or above it, which is why the levels are ordered.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One assurance level, with the method a user picks on the login page to reach it."""

    acr: str
    method: str
    rank: int


LEVELS = (
    Level(acr="idporten-loa-substantial", method="MinID", rank=1),
    Level(acr="idporten-loa-high", method="BankID", rank=2),
)
ACR_VALUES = tuple(level.acr for level in LEVELS)


def level_for(acr: str) -> Level | None:
    """Look up a level by its acr value; None for anything this provider does not issue."""
    return next((level for level in LEVELS if level.acr == acr), None)


def requested_level(acr_values: str | None) -> Level:
    """The minimum level the client asked for (ID-porten defaults to substantial).

    Raises ValueError for unknown values: silently ignoring them would hide a
    misconfigured client until it meets the real provider.
    """
    if not acr_values or not acr_values.split():
        return LEVELS[0]
    requested = acr_values.split()
    known = [level for level in LEVELS if level.acr in requested]
    if len(known) != len(set(requested)):
        raise ValueError(f"acr_values must be among {', '.join(ACR_VALUES)}")
    return min(known, key=lambda level: level.rank)


def levels_at_least(minimum: Level) -> tuple[Level, ...]:
    """The levels the login page may offer for a request asking for ``minimum``."""
    return tuple(level for level in LEVELS if level.rank >= minimum.rank)
