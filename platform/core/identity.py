"""National identity numbers, kept only as a keyed hash: the same hash at e-ID sign-in and on an invitation.

ID-porten sends the Norwegian fødselsnummer as 11 digits; Swedish brokers send the
personnummer as 12 digits (with the century). A number typed by a person is checked
(python-stdnum, check digits included) and brought to that form before it is hashed,
so an invitation bound to a person matches that person's e-ID sign-in.
"""

from __future__ import annotations

import hashlib
import hmac

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer
from stdnum.se import personnummer


def identity_hash(number: str, key: str) -> str:
    return hmac.new(key.encode(), f"eid:{number}".encode(), hashlib.sha256).hexdigest()


def identity_digits(typed: str) -> str | None:
    """The digits an e-ID provider sends for a valid Norwegian or Swedish identity number; None if invalid."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    if len(digits) == 11 and fodselsnummer.is_valid(digits):
        return digits
    try:
        born = personnummer.get_birth_date(personnummer.validate(typed.strip()))
    except ValidationError:
        return None
    return digits if len(digits) == 12 else f"{born.year // 100}{digits}"
