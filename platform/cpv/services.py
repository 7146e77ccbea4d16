"""Validating CPV codes and finding them by code or by words.

The vocabulary is EU reference data, the same for every tenant, so it is read once
per process from the JSON file shipped beside this module (see ``data/README.md``)
instead of being stored in a tenant-scoped table.

A code is eight digits and a check digit: ``48000000-8``. Needs store the eight
digits and show the code with its check digit. Regulation 213/2008 does not publish
how the check digit is computed; the common weighting (3, 7, 1 modulo 10) gives the
listed digit for only 8,922 of the 9,454 codes, so the list itself is the authority:
a code typed with a check digit must carry the one the list gives it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from samverka.platform.cpv import search as words

DATA_FILE = Path(__file__).resolve().parent / "data" / "cpv2008_en.json"
SEARCH_LIMIT = 20
_TYPED = re.compile(r"^(\d{8})(?:-?(\d))?$")
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class CpvCode:
    code: str  # the eight digits, without the check digit
    check_digit: str
    label: str

    @property
    def display(self) -> str:
        return f"{self.code}-{self.check_digit}"

    @property
    def depth(self) -> int:
        """How specific the code is: 48000000 (a division) is 2, 48311100 is 6."""
        return len(self.code.rstrip("0")) or 1


class InvalidCpvCode(ValueError):
    """What was typed is not a CPV 2008 code. ``reason``: format, unknown or check_digit."""

    def __init__(self, typed: str, reason: str):
        super().__init__(f"{typed!r}: {reason}")
        self.typed = typed
        self.reason = reason


@functools.cache
def _vocabulary() -> dict[str, CpvCode]:
    with open(DATA_FILE, encoding="utf-8") as data:
        listed = json.load(data)
    return {key[:8]: CpvCode(key[:8], key[9], label) for key, label in listed.items()}


def lookup(code: str) -> CpvCode | None:
    """The listed code for eight digits, or None."""
    return _vocabulary().get(code)


def check_digit(code: str) -> str:
    """The check digit the list gives an eight-digit code; InvalidCpvCode if it is not listed."""
    found = lookup(code)
    if found is None:
        raise InvalidCpvCode(code, "unknown")
    return found.check_digit


def parse(typed: str) -> str:
    """The eight digits of a listed code typed as ``48000000``, ``48000000-8`` or ``480000008``.

    Raises InvalidCpvCode when the format is wrong, the code is not in the list, or
    the check digit given is not the listed one.
    """
    match = _TYPED.match((typed or "").replace(" ", ""))
    if match is None:
        raise InvalidCpvCode(typed, "format")
    code, given = match.groups()
    if given is not None and given != check_digit(code):
        raise InvalidCpvCode(typed, "check_digit")
    if given is None:
        check_digit(code)  # unlisted codes are refused with or without a check digit
    return code


def parse_many(typed: str) -> list[str]:
    """Several codes separated by commas, semicolons, spaces or new lines; each is checked by ``parse``."""
    codes = [parse(part) for part in _SEPARATORS.split(typed or "") if part]
    return list(dict.fromkeys(codes))


def display(code: str) -> str:
    """``48000000-8`` for ``48000000``; an unlisted code is shown as stored."""
    found = lookup(code)
    return found.display if found else code


def search(query: str, limit: int = SEARCH_LIMIT) -> list[CpvCode]:
    """Codes starting with the digits typed, or whose English, Swedish or Danish label holds the words
    typed (Norwegian words too, see ``search.py``).

    The more general codes come first, so that "software" offers the division
    before its thousands of children.
    """
    text = (query or "").strip()
    digits = text.replace("-", "").replace(" ", "")
    if digits.isdigit():
        found = [c for c in _vocabulary().values() if c.code.startswith(digits[:8])]
        return sorted(found, key=lambda c: (c.depth, c.code))[:limit]
    return [_vocabulary()[code] for code in words.find(text)[:limit]]


def label(code: str, locale: str) -> words.Label | None:
    """The code's label in the page's language (see ``search.label``)."""
    return words.label(code, locale)
