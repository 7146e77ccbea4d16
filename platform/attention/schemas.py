"""What needs a person's attention, in the API: the same items as the landing page, with their links."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields

from samverka.platform.attention.items import SEVERITIES
from samverka.platform.core.schemas import Choice, Computed
from samverka.tenants.roles import ROLE_NAMES, TEAM_ROLE_NAMES


class AttentionItemSchema(Schema):
    kind = fields.String(metadata={"description": "What the item is, e.g. needs.drafts."})
    key = fields.String(metadata={"description": "Stable for the same thing from one request to the next."})
    role = Choice(
        tuple(dict.fromkeys(ROLE_NAMES + TEAM_ROLE_NAMES)),
        metadata={"description": "The role it is for: a role held in a scope, or a role on a procurement's team."},
    )
    severity = Choice(SEVERITIES)
    title = fields.String(
        metadata={"description": "In the language of the pages (the choice made, else Accept-Language)."}
    )
    detail = fields.String()
    count = fields.Integer(metadata={"description": "How many things the item stands for (0: information)."})
    due = fields.Date(allow_none=True)
    scope_name = fields.String(metadata={"description": "The municipality or region it concerns."})
    url = Computed(lambda item: url_for(item.endpoint, **item.url_values), fields.String())


class AttentionSchema(Schema):
    total = fields.Integer(metadata={"description": "The number of items, as the menu shows it."})
    items = fields.List(fields.Nested(AttentionItemSchema))
