"""Who logged in and how: the result of submitting the login page.

The login page is a test harness, so it accepts either a configured persona
or any well-formed identity number typed in by hand (to test unknown users).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from .config import PID_LENGTH, Persona, is_valid_pid
from .levels import Level, level_for

# A typed-in number has no persona behind it; the name says so plainly.
UNKNOWN_PERSON_NAME = "Test Person"
DEFAULT_LOCALE = {"idporten": "nb", "se_broker": "sv"}


class LoginFormError(ValueError):
    """The login form was filled in wrongly; the message is shown to the user."""


@dataclass(frozen=True)
class Identity:
    """The person behind a login, as the provider would know them from a register."""

    pid: str
    name: str
    locale: str


@dataclass(frozen=True)
class Login:
    """One completed authentication, bound to the client it was made for."""

    identity: Identity
    client_id: str
    level: Level
    auth_time: int
    sid: str


def resolve_identity(personas: tuple[Persona, ...], claim_profile: str, chosen: str, typed: str) -> Identity:
    """Pick the person from the form; a typed-in number wins over the radio choice."""
    pid = typed.strip().replace(" ", "")
    if pid:
        if not is_valid_pid(pid, claim_profile):
            digits = PID_LENGTH[claim_profile]
            raise LoginFormError(f"The identity number must be exactly {digits} digits.")
        return _identity_for(personas, claim_profile, pid)
    persona = next((p for p in personas if p.pid == chosen), None)
    if persona is None:
        raise LoginFormError("Choose a test person or type an identity number.")
    return Identity(pid=persona.pid, name=persona.name, locale=persona.locale)


def _identity_for(personas: tuple[Persona, ...], claim_profile: str, pid: str) -> Identity:
    # Typing a persona's number should give the same person as clicking it.
    persona = next((p for p in personas if p.pid == pid), None)
    if persona is not None:
        return Identity(pid=persona.pid, name=persona.name, locale=persona.locale)
    return Identity(pid=pid, name=UNKNOWN_PERSON_NAME, locale=DEFAULT_LOCALE[claim_profile])


def resolve_level(acr: str, profile: str) -> Level:
    """The level the user picked; any issued level is accepted, even below the request.

    Accepting a lower level than requested is deliberate: it lets tests check
    that the client, not the provider, rejects an insufficient ``acr``.
    """
    level = level_for(acr, profile)
    if level is None:
        raise LoginFormError("Choose an authentication method.")
    return level


def person_name(display_name: str) -> tuple[str, str, str]:
    """Split "Kari Nordmann, coordinator, X" into (full name, given name, family name).

    Persona names carry a role after the first comma to help the developer
    pick; only the part before it is the person's name.
    """
    full = display_name.split(",", 1)[0].strip()
    given, _, family = full.rpartition(" ")
    return full, given or family, family


def pid_reference(secret: bytes, pid: str) -> str:
    """A short keyed hash that lets log lines be correlated without revealing the number.

    Keyed, because an unkeyed hash of an 11-digit number is trivially reversed.
    """
    return hmac.new(secret, pid.encode(), hashlib.sha256).hexdigest()[:10]
