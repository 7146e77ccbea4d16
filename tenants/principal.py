"""The principal: who is acting, and which tenants and regions that reaches.

A principal is computed once per request from the user's role assignments and
handed explicitly to services. The same sets are written into the database
transaction (see ``scoping``) so that PostgreSQL row-level security and the
application's own query filter agree on what is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Grant:
    """One role held in one scope (a tenant, a region, a partner organisation, or the platform)."""

    role: str
    tenant_id: int | None = None
    region_id: int | None = None
    partner_id: int | None = None


@dataclass(frozen=True)
class Principal:
    """The signed-in actor, or the system acting for a stated reason.

    ``tenant_ids``: tenants whose own data the principal works with (a tenant role).
    ``directory_tenant_ids``: tenants the principal may list and administer
    (its own plus the members of regions it coordinates).
    ``region_ids``: regions the principal may read; ``admin_region_ids``: regions
    where it holds a regional role.
    """

    user_id: int | None = None
    grants: frozenset[Grant] = frozenset()
    tenant_ids: frozenset[int] = frozenset()
    directory_tenant_ids: frozenset[int] = frozenset()
    region_ids: frozenset[int] = frozenset()
    admin_region_ids: frozenset[int] = frozenset()
    partner_ids: frozenset[int] = frozenset()
    is_operator: bool = False
    system_reason: str | None = field(default=None, compare=False)

    @property
    def is_system(self) -> bool:
        return self.system_reason is not None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @classmethod
    def anonymous(cls) -> Principal:
        return cls()

    @classmethod
    def system(cls, reason: str) -> Principal:
        """The platform itself (login, jobs, commands). Always give the reason: it is audited."""
        return cls(system_reason=reason)

    def roles_in(self, *, tenant_id=None, region_id=None, partner_id=None) -> set[str]:
        return {
            g.role
            for g in self.grants
            if (tenant_id is not None and g.tenant_id == tenant_id)
            or (region_id is not None and g.region_id == region_id and g.partner_id is None)
            or (partner_id is not None and g.partner_id == partner_id)
        }

    def has_role(self, role: str) -> bool:
        return any(g.role == role for g in self.grants)
