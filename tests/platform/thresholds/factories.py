"""Thresholds in the table, as the seed or the operator would put them there."""

from __future__ import annotations

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.thresholds.services.thresholds import create_threshold, seed_thresholds


def seed(app) -> int:
    """The seed file's thresholds (2025 for Norway and Sweden); returns how many rows were added."""
    with app.app_context():
        added = seed_thresholds(db.session)
        db.session.commit()
        return added


def make_threshold(
    app, *, country: str = "NO", year: int = 2026, kind: str = "eu_goods_services", amount_minor: int = 230_000_000
) -> int:
    """One threshold, written by the system; returns its id."""
    with app.app_context():
        principal = Principal.system("test fixtures")
        bind_principal(db.session, principal)
        threshold = create_threshold(
            db.session,
            principal,
            country=country,
            year=year,
            kind=kind,
            amount_minor=amount_minor,
            note="test",
            source_url="",
        )
        db.session.commit()
        return threshold.id
