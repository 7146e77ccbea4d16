"""Reaching a register, a contract or an import, and who may read or write a register.

A municipality's register is read with ``tenant:contracts:read`` and written with
``tenant:contracts:write`` in that municipality; a region's joint register is read with
``region:contracts:read`` (its members' users, partners and staff) and written with
``region:contracts:write``. Out of reach is a 404, visible but not allowed a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract, ContractImport
from samverka.platform.core.catalogue import CURRENCIES
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants import permissions as perm
from samverka.tenants.access import Permission, access, holds_on, require_on
from samverka.tenants.models import Region, Tenant
from samverka.tenants.services.directory import access_region, access_tenant

CONTRACT_READ = (perm.TENANT_CONTRACTS_READ, perm.REGION_CONTRACTS_READ)
CONTRACT_WRITE = (perm.TENANT_CONTRACTS_WRITE, perm.REGION_CONTRACTS_WRITE)


@dataclass(frozen=True)
class Owner:
    """The register a contract belongs to: one tenant's, or one region's."""

    tenant: Tenant | None = None
    region: Region | None = None

    @property
    def scope(self) -> dict:
        """The owner columns of a row of this register."""
        return {
            "tenant_id": self.tenant.id if self.tenant else None,
            "region_id": self.region.id if self.region else None,
        }

    @property
    def row(self) -> Tenant | Region:
        return self.tenant or self.region

    @property
    def currency(self) -> str:
        return CURRENCIES[self.tenant.country] if self.tenant else self.region.currency

    @property
    def name(self) -> str:
        return self.row.name


def register_of(
    session: Session,
    principal: Principal,
    *,
    tenant_id: int | None = None,
    region_id: int | None = None,
    permission: Permission = CONTRACT_READ,
) -> Owner:
    """The register a path names, a municipality's by ``tenant_id``, else a region's, if ``permission`` is held."""
    if tenant_id is not None:
        return Owner(tenant=access_tenant(session, principal, tenant_id, permission))
    return Owner(region=access_region(session, principal, region_id, permission))


def may_write(principal: Principal, owner: Owner) -> bool:
    return holds_on(principal, owner.row, CONTRACT_WRITE)


def require_write(principal: Principal, owner: Owner) -> None:
    require_on(principal, owner.row, CONTRACT_WRITE)


def owner_of(session: Session, row) -> Owner:
    if row.tenant_id is not None:
        return Owner(tenant=session.get(Tenant, row.tenant_id))
    return Owner(region=session.get(Region, row.region_id))


def access_contract(
    session: Session, principal: Principal, contract_id: int, permission: Permission = CONTRACT_READ
) -> Contract:
    return access(session, principal, Contract, contract_id, permission)


def access_import(
    session: Session, principal: Principal, import_id: int, permission: Permission = CONTRACT_WRITE
) -> ContractImport:
    return access(session, principal, ContractImport, import_id, permission)
