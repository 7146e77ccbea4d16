"""The principal of the current request, as the sign-in layer (``samverka.platform.auth``) bound it."""

from __future__ import annotations

from flask import g

from samverka.platform.core.tenancy.principal import Principal


def current_principal() -> Principal:
    return g.get("principal") or Principal.anonymous()
