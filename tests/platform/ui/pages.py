"""Driving the HTML pages as a browser would, and checking what every page must have.

``page_problems`` is a quick structural check run on every page in the unit tests
(the axe-core scan in the browser tests is the full accessibility check).
"""

from __future__ import annotations

from html.parser import HTMLParser

from tests.support.forms import csrf_from

LANGUAGES = ("nb", "sv", "en")
_NOT_TYPED = ("hidden", "submit", "button")


def submit(client, page: str, action: str, data: dict):
    """Read the CSRF token from ``page``, then POST ``data`` with it to ``action``."""
    return client.post(action, data={**data, "csrf_token": csrf_from(client, page)})


def body(response) -> str:
    return response.get_data(as_text=True)


class _Outline(HTMLParser):
    """What the checks need from a page: language, headings, ids, labels, forms, inline code."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.h1 = 0
        self.ids: list[str] = []
        self.labelled: set[str] = set()
        self.fields: list[str | None] = []
        self.described_by: list[str] = []
        self.post_forms: list[dict] = []
        self.inline: list[str] = []
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._note_common(tag, a)
        if tag == "label" and a.get("for"):
            self.labelled.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in _NOT_TYPED:
            self.fields.append(a.get("id"))
        if tag == "form":
            self._form = {"action": a.get("action"), "csrf": False}
            if a.get("method", "get").lower() == "post":
                self.post_forms.append(self._form)
        if tag == "input" and a.get("name") == "csrf_token" and self._form is not None:
            self._form["csrf"] = True

    def _note_common(self, tag, a):
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if "id" in a:
            self.ids.append(a["id"])
        if "style" in a or tag == "style" or (tag == "script" and "src" not in a):
            self.inline.append(tag)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        self.described_by += (a.get("aria-describedby") or "").split()

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def outline(page_html: str) -> _Outline:
    parsed = _Outline()
    parsed.feed(page_html)
    return parsed


def page_problems(page_html: str) -> list[str]:
    """What a page lacks of: html lang, one h1, a skip link, labels, CSRF tokens, no inline code."""
    page = outline(page_html)
    problems = []
    if page.lang not in LANGUAGES:
        problems.append(f"html lang is {page.lang!r}")
    if page.h1 != 1:
        problems.append(f"{page.h1} h1 elements")
    if "#main" not in page.links or "main" not in page.ids:
        problems.append("no skip link to #main")
    if len(set(page.ids)) != len(page.ids):
        problems.append("duplicate ids")
    problems += [f"field {f!r} has no label" for f in page.fields if f not in page.labelled]
    problems += [f"aria-describedby {i!r} names nothing" for i in page.described_by if i not in page.ids]
    problems += [f"form to {f['action']} has no CSRF token" for f in page.post_forms if not f["csrf"]]
    problems += [f"inline {tag}" for tag in page.inline]
    return problems
