"""The principal: who is acting, and where each of their permissions holds.

A principal is computed from a user's role assignments (``samverka.tenants``) and handed
explicitly to services. ``held`` maps each permission to the ids of the scopes it holds in
(tenants for ``tenant:`` permissions, regions for ``region:``, partners for ``partner:``);
``everywhere`` names the permissions held in every scope (the platform operator's). The
same data is written into each database transaction, so that PostgreSQL row-level security
and the application's own filter read one model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, frozenset[int]] = MappingProxyType({})


@dataclass(frozen=True)
class Grant:
    """One role held in one scope (a tenant, a region, a partner organisation, or the platform)."""

    role: str
    tenant_id: int | None = None
    region_id: int | None = None
    partner_id: int | None = None


@dataclass(frozen=True)
class Principal:
    """The signed-in actor, or the system acting for a stated reason."""

    user_id: int | None = None
    grants: frozenset[Grant] = frozenset()
    held: Mapping[str, frozenset[int]] = field(default_factory=lambda: _EMPTY, compare=False)
    everywhere: frozenset[str] = frozenset()
    # Whether this sign-in reached the step-up e-ID level some permissions ask for (votes, the operator's changes).
    stepped_up: bool = False
    system_reason: str | None = field(default=None, compare=False)
    # What is derived from this principal once and reused while it lives (the guard's settings and filters):
    # a signed-in principal is kept between requests, so this is work done once per sign-in, not per query.
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

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

    def ids(self, permission: str) -> frozenset[int]:
        """The scopes in which ``permission`` is held (not counting ``everywhere``)."""
        return self.held.get(permission, frozenset())

    def holds(self, permission: str, scope_id: int | None) -> bool:
        """Whether ``permission`` is held in the scope ``scope_id`` (a tenant, region or partner id)."""
        if self.is_system or permission in self.everywhere:
            return True
        return scope_id is not None and scope_id in self.ids(permission)

    def holds_in_any(self, permission: str, scope_ids: Iterable[int]) -> bool:
        return any(self.holds(permission, scope_id) for scope_id in scope_ids)

    def holds_somewhere(self, permission: str) -> bool:
        return self.is_system or permission in self.everywhere or bool(self.ids(permission))

    # Where one works, as the menu and the overview group things: from the grants themselves.
    @property
    def tenant_ids(self) -> frozenset[int]:
        """The municipalities in which the principal holds a role."""
        return frozenset(g.tenant_id for g in self.grants if g.tenant_id is not None)

    @property
    def admin_region_ids(self) -> frozenset[int]:
        """The regions in which the principal holds a regional (staff) role."""
        return frozenset(g.region_id for g in self.grants if g.region_id is not None and g.partner_id is None)

    @property
    def partner_ids(self) -> frozenset[int]:
        return frozenset(g.partner_id for g in self.grants if g.partner_id is not None)

    @property
    def is_operator(self) -> bool:
        """Holds a platform-wide role (a grant with no tenant, region or partner)."""
        return any(g.tenant_id is None and g.region_id is None and g.partner_id is None for g in self.grants)
