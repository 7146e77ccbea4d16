"""Raw SQL as the web role for a principal: the attack row-level security must refuse when code forgets."""

from __future__ import annotations

from sqlalchemy import text

from samverka.platform.core.tenancy.guard import scope_settings
from samverka.platform.core.tenancy.principal import Principal


def scope_connection(conn, principal: Principal) -> None:
    """Set the principal's scope on the connection's transaction, as the app does for each of its own."""
    for name, value in scope_settings(principal).items():
        conn.execute(text("SELECT set_config(:k, :v, true)"), {"k": f"samverka.{name}", "v": value})
