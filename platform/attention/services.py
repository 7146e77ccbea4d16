"""Collecting what needs a person's attention from every registered source, once per request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from samverka.platform.attention.items import AttentionItem, AttentionSource, order_key
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today

EXTENSION = "samverka.attention"


def init_app(app: Flask, sources: Sequence[AttentionSource]) -> None:
    """The sources, in the order the app factory lists them."""
    app.extensions[EXTENSION] = tuple(sources)


def today_for(principal: Principal) -> date:
    """Deadlines are the municipalities' dates; Norway's and Sweden's days are the same calendar day."""
    return local_today("NO")


def collect(session: Session, principal: Principal, today: date) -> list[AttentionItem]:
    """Every source's items for the principal, the most urgent first."""
    if not principal.is_authenticated:
        return []
    items = [item for source in current_app.extensions[EXTENSION] for item in source(session, principal, today)]
    return sorted(items, key=order_key)


def for_request(session: Session, principal: Principal) -> list[AttentionItem]:
    """The same list for the menu's count and the page in one request: computed once."""
    cached = g.get("attention_items")
    if cached is None or cached[0] != principal.user_id:
        cached = (principal.user_id, collect(session, principal, today_for(principal)))
        g.attention_items = cached
    return cached[1]
