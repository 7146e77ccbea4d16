"""Assurance levels (acr) and the authentication method (amr) that reaches each.

Mirrors ID-porten: MinID gives "substantial", BankID gives "high"; a Swedish
broker's levels are the Swedish e-identification board's LoA URIs. A client
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


_SE_LOA = "http://id.elegnamnden.se/loa/1.0/"
LEVELS_BY_PROFILE = {
    "idporten": (
        Level(acr="idporten-loa-substantial", method="MinID", rank=1),
        Level(acr="idporten-loa-high", method="BankID", rank=2),
    ),
    "se_broker": (
        Level(acr=f"{_SE_LOA}loa2", method="Freja eID", rank=0),
        Level(acr=f"{_SE_LOA}loa3", method="BankID", rank=1),
        Level(acr=f"{_SE_LOA}loa4", method="Freja eID Plus", rank=2),
    ),
}


def acr_values(profile: str) -> tuple[str, ...]:
    return tuple(level.acr for level in LEVELS_BY_PROFILE[profile])


def level_for(acr: str, profile: str) -> Level | None:
    """Look up a level by its acr value; None for anything this provider does not issue."""
    return next((level for level in LEVELS_BY_PROFILE[profile] if level.acr == acr), None)


def requested_level(acr_values: str | None, profile: str) -> Level:
    """The minimum level the client asked for (ID-porten defaults to substantial).

    Raises ValueError for unknown values: silently ignoring them would hide a
    misconfigured client until it meets the real provider.
    """
    levels = LEVELS_BY_PROFILE[profile]
    if not acr_values or not acr_values.split():
        return levels[0]
    requested = acr_values.split()
    known = [level for level in levels if level.acr in requested]
    if len(known) != len(set(requested)):
        raise ValueError(f"acr_values must be among {', '.join(level.acr for level in levels)}")
    return min(known, key=lambda level: level.rank)


def levels_at_least(minimum: Level, profile: str) -> tuple[Level, ...]:
    """The levels the login page may offer for a request asking for ``minimum``."""
    return tuple(level for level in LEVELS_BY_PROFILE[profile] if level.rank >= minimum.rank)
