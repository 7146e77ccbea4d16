"""Signing in: through the real development e-ID provider, or straight into the app's session.

``sign_in_with_eid`` is the real flow over HTTP, as a browser would: the Flask test client plays
the app's side (keeping the session cookie); a ``requests`` session plays the person at the
provider's login page. Tests about signing in, step-up and e-ID levels use it.

``sign_in`` skips the provider: it runs the app's own code that follows the provider's answer
(account look-up, fresh session, Flask-Login, the level reached) and stores the session through
the app's session interface, as a request would. Every other test signs in this way.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode, urljoin, urlparse

import requests
from flask.ctx import RequestContext
from flask.testing import EnvironBuilder

from samverka.platform.auth.identity import identity_hash
from samverka.platform.auth.session import begin_session

LOGIN_LEVEL = "idporten-loa-substantial"
HIGH_LEVEL = "idporten-loa-high"


def _form(page: str) -> tuple[str, str]:
    action = re.search(r'<form method="post" action="([^"]*)"', page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert action and token, "the provider's login page has no form"
    return html.unescape(action.group(1)), token.group(1)


def provider_redirect(authorize_url: str, pid: str, acr: str) -> str:
    """Log in at the provider; returns where it sends the browser back to (the app's callback)."""
    with requests.Session() as browser:
        page = browser.get(authorize_url, timeout=10)
        assert page.status_code == 200, page.text[:200]
        action, token = _form(page.text)
        answer = browser.post(
            urljoin(page.url, action),
            data={"csrf_token": token, "pid": pid, "acr": acr},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code in (302, 303), answer.text[:200]
        return answer.headers["Location"]


def start_login(client, *, acr: str | None = None, next_path: str | None = None) -> str:
    query = {k: v for k, v in (("acr", acr), ("next", next_path)) if v}
    response = client.get("/login/start" + (f"?{urlencode(query)}" if query else ""))
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def sign_in_with_eid(client, person, *, acr: str = LOGIN_LEVEL, answer_acr: str | None = None, next_path=None):
    """Full e-ID login for ``person`` (anything with a ``pid``); returns the app's callback response."""
    authorize_url = start_login(client, acr=acr, next_path=next_path)
    callback = urlparse(provider_redirect(authorize_url, person.pid, answer_acr or acr))
    return client.get(f"{callback.path}?{callback.query}")


def sign_in(client, person, *, acr: str = LOGIN_LEVEL) -> None:
    """``person`` (anything with a ``pid``) signed in at ``acr``, as if the provider had just said so."""
    app = client.application
    eid_hash = identity_hash(person.pid, app.config["IDENTITY_HASH_KEY"])
    with client.session_transaction(environ_base=client.environ_base) as stored:
        environ = EnvironBuilder(app, environ_base=client.environ_base).get_environ()
        # The session the interface opened: what the sign-in changes in it, the interface saves.
        with RequestContext(app, environ, session=stored):
            outcome = begin_session(eid_hash, acr)
    assert outcome.user_id is not None, f"{person} has no access: {outcome.problem}"
