"""Where a ``next`` parameter may send the browser: only to a page of this application.

A check of the first characters is not enough: browsers drop tabs and newlines inside a URL and
read a backslash as a slash, so ``/\t/evil.example`` and ``/\\evil.example`` leave the site, and a
CR or LF in a ``Location`` header is header injection. So the value must be free of all of them
and its path must be one of the app's own routes for GET.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import current_app, url_for
from werkzeug.exceptions import HTTPException

_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def safe_next(value: str | None) -> str:
    """``value`` if it is a path to one of this app's GET pages (with its query), else the home page."""
    home = url_for("ui.home")
    if not value or _UNSAFE.search(value) or not value.startswith("/") or value.startswith("//"):
        return home
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return home
    try:
        current_app.url_map.bind("").match(parts.path, method="GET")
    except HTTPException:  # no such page, not for GET, or only with another slash
        return home
    return urlunsplit(("", "", parts.path, parts.query, ""))
