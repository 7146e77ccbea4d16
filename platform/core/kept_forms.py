"""What was typed in a form that had to go through an e-ID step-up first, given back to the form once.

A form post that asks for a stronger e-ID level than the sign-in gave is answered with a trip
through e-ID and back to the page that held the form. Without this, the person would type it all
again. The posted fields are kept in the server-side session (never the CSRF token, never files,
and nothing when the post is large), tied to the page's path:

1. ``keep`` (before the redirect to e-ID) holds them as *pending*, in the session before the step-up;
2. ``carry`` (after e-ID says it is the same person) moves them into the new session as *ready*;
3. the next page shown takes them (``before_request``) and drops them from the session: if it is
   the page that held the form, every ``HtmlForm`` that page builds starts from them, once.

A sign-in as someone else starts an empty session, so the values never reach another person.
"""

from __future__ import annotations

from flask import Flask, g, request, session

PENDING = "_kept_form_pending"
READY = "_kept_form"
_NOT_DATA = frozenset({"csrf_token"})
MAX_FIELDS = 50
MAX_CHARS = 20_000  # all values together: a vote's comment fits many times, a pasted document does not


def page_path(path: str, query: str = "") -> str:
    """One spelling of a page's address: path, and the query only when there is one."""
    return f"{path}?{query}" if query else path


def keep(return_path: str) -> None:
    """Hold this post's form fields for the page at ``return_path`` until the step-up is done."""
    values = {name: request.form.getlist(name) for name in request.form if name not in _NOT_DATA}
    size = sum(len(v) for many in values.values() for v in many)
    if not values or len(values) > MAX_FIELDS or size > MAX_CHARS:
        session.pop(PENDING, None)  # too much to keep: better nothing than a part of it
        return
    session[PENDING] = {"path": return_path, "values": values}


def pending() -> dict | None:
    """Read before the session is replaced by the step-up's new one."""
    return session.get(PENDING)


def carry(kept: dict | None) -> None:
    """Into the new session, for the next page to take."""
    if kept:
        session[READY] = kept


def _take() -> None:
    if request.method != "GET" or (request.endpoint or "").endswith("static"):
        return  # a stylesheet neither shows a form nor should vary by cookie
    if READY not in session:
        return
    kept = session.pop(READY)
    if kept["path"] == page_path(request.path, request.query_string.decode()):
        g.kept_form = kept["values"]


def values_for(fields) -> dict:
    """The kept values of ``fields`` (a form's own field names) on the page they were typed on; else {}."""
    kept = g.get("kept_form") or {}
    return {name: many if len(many) > 1 else many[0] for name, many in kept.items() if name in fields and many}


def init_app(app: Flask) -> None:
    app.before_request(_take)
