"""A form sent below the step-up level comes back after e-ID as it was typed, once, to the same person only.

Driven through the real development e-ID provider (``sign_in_with_eid``, ``provider_redirect``), with the
chief executive's vote as the form: a choice and a comment.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from samverka.platform.core import kept_forms
from samverka.platform.plans.models import PlanVote
from tests.platform.plans.factories import make_plan
from tests.platform.ui.pages import body
from tests.support.api import count_rows
from tests.support.forms import csrf_from
from tests.support.login import HIGH_LEVEL, provider_redirect, sign_in_with_eid

COMMENT = "Godkjent i RMU 12. mars, med forbehold om budsjett"
VOTE = {"decision": "approve", "comment": COMMENT}


def _send_vote(client, vote_page: str, data: dict):
    """As a browser sends the form: with its CSRF token and the page it was on as the referrer."""
    form = {**data, "csrf_token": csrf_from(client, vote_page)}
    return client.post(vote_page, data=form, headers={"Referer": f"http://localhost{vote_page}"})


def _through_e_id(client, step_up, person):
    """Follow the step-up's redirect through the provider; returns the app's answer to the callback."""
    authorize_url = client.get(step_up.headers["Location"]).headers["Location"]
    callback = urlsplit(provider_redirect(authorize_url, person.pid, HIGH_LEVEL))
    return client.get(f"{callback.path}?{callback.query}")


def _prefilled(page: str) -> bool:
    return '<option value="approve" selected>' in page and f'value="{COMMENT}"' in page


def _english(client):
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf_from(client, "/")})


def test_the_vote_comes_back_as_entered_after_the_step_up_once_and_is_not_logged(app, client, tenant_a, caplog):
    caplog.set_level(logging.DEBUG)
    chief = tenant_a.people["chief"]
    vote_page = f"/action-plans/{make_plan(app, tenant_a, submit=True).plan_id}/vote"
    sign_in_with_eid(client, chief)
    _english(client)
    step_up = _send_vote(client, vote_page, VOTE)
    assert step_up.status_code == 302 and "/login/start" in step_up.headers["Location"]
    assert count_rows(app, PlanVote) == 0
    with client.session_transaction() as stored:
        assert "csrf_token" not in stored[kept_forms.PENDING]["values"]  # never the token, only the form's fields
    back = _through_e_id(client, step_up, chief)
    assert back.status_code == 302 and back.headers["Location"] == vote_page
    page = body(client.get(vote_page))
    assert _prefilled(page)
    assert "You signed in with e-ID at level high. Check what you entered and send it." in page
    assert not _prefilled(body(client.get(vote_page)))  # once: shown again, the form is empty
    with client.session_transaction() as stored:
        assert kept_forms.READY not in stored and kept_forms.PENDING not in stored
    assert _send_vote(client, vote_page, VOTE).status_code == 302
    assert count_rows(app, PlanVote) == 1
    assert not [r for r in caplog.records if COMMENT in r.getMessage()]


def test_a_step_up_as_someone_else_and_a_sign_in_as_someone_else_get_nothing(app, client, tenant_a, operator):
    chief = tenant_a.people["chief"]
    vote_page = f"/action-plans/{make_plan(app, tenant_a, submit=True).plan_id}/vote"
    sign_in_with_eid(client, chief)
    step_up = _send_vote(client, vote_page, VOTE)
    assert _through_e_id(client, step_up, operator).status_code == 403  # the step-up came back as another person
    assert not _prefilled(body(client.get(vote_page)))
    step_up = _send_vote(client, vote_page, VOTE)
    sign_in_with_eid(client, tenant_a.people["it"], next_path=vote_page)  # the shared computer's next person
    assert COMMENT not in body(client.get(vote_page))
    with client.session_transaction() as stored:
        assert kept_forms.PENDING not in stored and kept_forms.READY not in stored


def test_another_browser_of_the_same_person_gets_nothing(app, tenant_a):
    chief = tenant_a.people["chief"]
    vote_page = f"/action-plans/{make_plan(app, tenant_a, submit=True).plan_id}/vote"
    first, second = app.test_client(), app.test_client()
    sign_in_with_eid(first, chief)
    sign_in_with_eid(second, chief, acr=HIGH_LEVEL)
    _send_vote(first, vote_page, VOTE)
    assert not _prefilled(body(second.get(vote_page)))


def test_a_large_post_is_not_kept(app, client, tenant_a):
    chief = tenant_a.people["chief"]
    vote_page = f"/action-plans/{make_plan(app, tenant_a, submit=True).plan_id}/vote"
    sign_in_with_eid(client, chief)
    step_up = _send_vote(client, vote_page, {"decision": "approve", "comment": "x" * (kept_forms.MAX_CHARS + 1)})
    assert step_up.status_code == 302
    _through_e_id(client, step_up, chief)
    page = body(client.get(vote_page))
    assert "xxxxxxxxxx" not in page and '<option value="approve" selected>' not in page
