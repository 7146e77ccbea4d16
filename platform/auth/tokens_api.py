"""The JSON API of a partner's API tokens under /api/v1: for its signed-in readers only, never for a token."""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.auth import tokens
from samverka.platform.auth.tokens_schemas import CreatedTokenSchema, TokenRequestSchema, TokenSchema
from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.tenants.models import PartnerOrganisation

blp = ApiBlueprint(
    "tokens_api",
    __name__,
    url_prefix="/api/v1",
    description="A partner organisation's read-only API tokens: create (the token is shown once), list, revoke. "
    "Signed-in users only: a token cannot manage tokens.",
    path_models={"partner_id": PartnerOrganisation},
)


@blp.route("/partners/<int:partner_id>/tokens")
class PartnerTokens(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, TokenSchema(many=True))
    def get(self, args, partner_id: int):
        """The partner's tokens, newest first, with their status; never the tokens themselves."""
        return paged(tokens.list_tokens(db.session, current_principal(), partner_id, page_of(args)))

    @blp.arguments(TokenRequestSchema)
    @blp.response(201, CreatedTokenSchema)
    def post(self, body, partner_id: int):
        """Create a read-only token for the partner's region; the answer holds the token, shown this once."""
        return tokens.create_token(
            db.session, current_principal(), partner_id, name=body["name"], days=body["expires_in_days"]
        )


@blp.route("/partners/<int:partner_id>/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(200, TokenSchema)
def revoke(partner_id: int, token_id: int):
    """Revoke the token at once: it is refused (401) from the next request on."""
    return tokens.revoke_token(db.session, current_principal(), partner_id, token_id)
