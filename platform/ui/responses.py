"""How every page answers a form: what to fix with 422, a change with post/redirect/get."""

from __future__ import annotations

from flask import flash, redirect, url_for

from samverka.platform.core.extensions import db

# A form re-shown with what to fix: the request was understood but cannot be carried out.
UNPROCESSABLE = 422


def commit_and_redirect(message: str, endpoint: str, **values):
    """Commit, confirm in the next page, and show it by GET so that a reload repeats nothing."""
    db.session.commit()
    flash(message)
    return redirect(url_for(endpoint, **values))
