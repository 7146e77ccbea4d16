"""Creating a partner's API token over the API, and calling the API with it as a partner's system would."""

from __future__ import annotations

from sqlalchemy import select

from samverka.platform.auth.tokens_models import ApiToken
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from tests.support.api import signed_in


def create_token(app, world, *, name: str = "Fagsystemet", days: int = 90) -> tuple[int, str]:
    """A token of the world's partner, created by its reader over the API: (its id, the secret)."""
    api = signed_in(app.test_client(), world.people["partner"])
    answer = api.post(f"/api/v1/partners/{world.partner_id}/tokens", {"name": name, "expires_in_days": days})
    assert answer.status_code == 201, answer.get_data(as_text=True)
    body = answer.get_json()
    return body["id"], body["token"]


def with_token(app, secret: str, path: str, method: str = "GET", *, headers_lang: str | None = None, **kwargs):
    """A request carrying only the token (no session, no CSRF header); ``headers_lang`` asks for a language."""
    headers = {"Authorization": f"Bearer {secret}"}
    if headers_lang:
        headers["Accept-Language"] = headers_lang
    return app.test_client().open(path, method=method, headers=headers, **kwargs)


def token_row(app, token_id: int) -> ApiToken:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: the token's row"))
        row = db.session.scalars(select(ApiToken).where(ApiToken.id == token_id)).one()
        db.session.expunge(row)
        return row


def change_token(app, token_id: int, **values) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: changing a token"))
        row = db.session.get(ApiToken, token_id)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()
