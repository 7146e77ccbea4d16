"""Reading what a browser would read from a page: the CSRF token of its forms."""

from __future__ import annotations

import re


def csrf_from(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert found, f"no CSRF token on {path}"
    return found.group(1)
