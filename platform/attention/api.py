"""What needs my attention, in the JSON API."""

from __future__ import annotations

from samverka.platform.attention import services
from samverka.platform.attention.schemas import AttentionSchema
from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal

blp = ApiBlueprint("attention_api", __name__, url_prefix="/api/v1", description="What needs my attention")


@blp.route("/me/attention")
@blp.response(200, AttentionSchema)
def my_attention():
    """What needs the signed-in person's attention now, from every role they hold: the most urgent first."""
    items = services.for_request(db.session, current_principal())
    return {"total": len(items), "items": items}
