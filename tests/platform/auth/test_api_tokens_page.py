"""The "API tokens" page: in the partner's menu; create (the token shown in that answer only), list, revoke
after a question; bad input re-shows the form and changes nothing; another partner's page is a 404."""

from __future__ import annotations

import re

from samverka.platform.auth.tokens_models import ApiToken
from tests.platform.auth.tokens_support import create_token, token_row, with_token
from tests.support.api import count_rows, signed_in


def _page(world) -> str:
    return f"/partners/{world.partner_id}/api-tokens"


def _partner(app, world):
    api = signed_in(app.test_client(), world.people["partner"])
    api.client.set_cookie("samverka_lang", "en")
    return api


def _form(api, **fields):
    return {"csrf_token": api.headers["X-CSRFToken"], **fields}


def test_the_partners_menu_leads_to_the_page(app, tenant_a):
    api = _partner(app, tenant_a)
    home = api.get("/").get_data(as_text=True)
    assert f'href="{_page(tenant_a)}"' in home and "API tokens" in home
    page = api.get(_page(tenant_a))
    assert page.status_code == 200 and "Create a token" in page.get_data(as_text=True)


def test_a_token_created_on_the_page_is_shown_once_and_works(app, tenant_a):
    api = _partner(app, tenant_a)
    created = api.client.post(_page(tenant_a), data=_form(api, name="Fagsystemet", expires_in_days="30"))

    assert created.status_code == 201 and created.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="new-token" value="(svk_[^"]+)"', created.get_data(as_text=True)).group(1)
    assert with_token(app, secret, f"/api/v1/regions/{tenant_a.region_id}/pipeline").status_code == 200
    again = api.get(_page(tenant_a)).get_data(as_text=True)
    assert secret not in again and secret[:8] in again and "Fagsystemet" in again


def test_bad_input_re_shows_the_form_and_creates_nothing(app, tenant_a):
    api = _partner(app, tenant_a)
    before = count_rows(app, ApiToken)
    for fields, message in (
        ({"name": "", "expires_in_days": "30"}, "Enter a name"),
        ({"name": "Fagsystemet", "expires_in_days": "400"}, "Choose an expiry"),
        ({"name": "Fagsystemet", "expires_in_days": "tretti"}, "Choose an expiry"),
    ):
        answer = api.client.post(_page(tenant_a), data=_form(api, **fields))
        body = answer.get_data(as_text=True)
        assert answer.status_code == 422 and message in body and 'id="new-token"' not in body, fields
    assert count_rows(app, ApiToken) == before


def test_revoking_on_the_page_asks_first_and_then_refuses_the_token(app, tenant_a):
    token_id, secret = create_token(app, tenant_a, name="Gammelt")
    api = _partner(app, tenant_a)
    page = api.get(_page(tenant_a)).get_data(as_text=True)
    assert "Revoke this token?" in page
    answer = api.client.post(f"{_page(tenant_a)}/{token_id}/revoke", data=_form(api))
    assert answer.status_code == 302
    assert token_row(app, token_id).revoked_at is not None
    assert "Revoked" in api.get(_page(tenant_a)).get_data(as_text=True)
    assert with_token(app, secret, f"/api/v1/regions/{tenant_a.region_id}/pipeline").status_code == 401


def test_another_partners_page_is_a_404(app, tenant_a, tenant_b):
    token_id, _secret = create_token(app, tenant_a)
    outsider = _partner(app, tenant_b)
    assert outsider.get(_page(tenant_a)).status_code == 404
    assert (
        outsider.client.post(_page(tenant_a), data=_form(outsider, name="X", expires_in_days="30")).status_code == 404
    )
    assert outsider.client.post(f"{_page(tenant_a)}/{token_id}/revoke", data=_form(outsider)).status_code == 404
    assert outsider.client.post(f"{_page(tenant_b)}/{token_id}/revoke", data=_form(outsider)).status_code == 404
    assert token_row(app, token_id).revoked_at is None
