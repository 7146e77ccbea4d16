"""Titles the platform writes itself, shown in the reader's language.

The lead-time planning titles a re-procurement's need or joint procurement when it creates it, in
its owner's language ("Økonomisystem (reanskaffelse 2027)"), and the title is stored as written: the
owner's exports, mail and the API read it so. A page shows the suffix in the page's language instead.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

# The suffix in each language it has ever been stored in. Recognised by these words, not by the
# current catalogues, so that a later change of a translation still finds the titles stored before it.
STORED_REPROCUREMENT = re.compile(
    r"^(?P<title>.+) \((?:re-procurement|reanskaffelse|återupphandling) (?P<year>\d{4})\)$"
)


def reprocurement_title(title: str, year: int) -> str:
    """In the language of the moment (the caller forces the owner's at creation)."""
    return _("%(title)s (re-procurement %(year)s)", title=title, year=year)


def localized_title(title: str) -> str:
    """A generated title in the page's language; any other title as it was typed."""
    found = STORED_REPROCUREMENT.match(title or "")
    return reprocurement_title(found["title"], int(found["year"])) if found else title
