"""Raw SQL as the web role for a principal: the attack row-level security must refuse when code forgets."""

from __future__ import annotations

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.tenancy.settings import SET_SCOPE, scope_settings


def scope_connection(conn, principal: Principal) -> None:
    """Set the principal's scope on the connection's transaction, as the app does for each of its own."""
    conn.execute(SET_SCOPE, scope_settings(principal))
