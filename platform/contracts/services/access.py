"""Reaching a contract (or an import) by id, and who may read or write a register.

A tenant's register is read with ``TENANT_CONTRACTS_READ`` and written with
``TENANT_CONTRACTS_WRITE`` in that tenant; a region's joint register is read by
everyone working in or with the region (its members' users, partners and staff,
as the tenancy rule says) and written with ``REGION_CONTRACTS_WRITE``. A contract
the principal may not read is "not found", like one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from samverka.platform.contracts.models import Contract, ContractImport
from samverka.platform.needs.models.need import CURRENCIES
from samverka.tenants import permissions as perm
from samverka.tenants.models import Region, Tenant
from samverka.tenants.principal import Principal
from samverka.tenants.services.directory import NotFoundError, access_in_scope, require


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
    def currency(self) -> str:
        return CURRENCIES[self.tenant.country] if self.tenant else self.region.currency

    @property
    def name(self) -> str:
        return (self.tenant or self.region).name


def may_read(principal: Principal, owner: Owner) -> bool:
    if owner.tenant is not None:
        return perm.has_permission(principal, perm.TENANT_CONTRACTS_READ, tenant_id=owner.tenant.id)
    return principal.is_system or owner.region.id in principal.region_ids


def may_write(principal: Principal, owner: Owner) -> bool:
    if owner.tenant is not None:
        return perm.has_permission(principal, perm.TENANT_CONTRACTS_WRITE, tenant_id=owner.tenant.id)
    return perm.has_permission(principal, perm.REGION_CONTRACTS_WRITE, region_id=owner.region.id)


def require_read(principal: Principal, owner: Owner) -> None:
    """A region outside the principal's reach is not found; a visible tenant without the role is a 403."""
    if may_read(principal, owner):
        return
    if owner.tenant is None:
        raise NotFoundError()
    require(principal, perm.TENANT_CONTRACTS_READ, tenant_id=owner.tenant.id)


def require_write(principal: Principal, owner: Owner) -> None:
    require_read(principal, owner)
    if not may_write(principal, owner):
        require(principal, perm.TENANT_CONTRACTS_WRITE if owner.tenant else perm.REGION_CONTRACTS_WRITE)


def tenant_owner(session: Session, principal: Principal, tenant_id: int) -> Owner:
    owner = Owner(tenant=access_in_scope(session, Tenant, tenant_id))
    require_read(principal, owner)
    return owner


def region_owner(session: Session, principal: Principal, region_id: int) -> Owner:
    owner = Owner(region=access_in_scope(session, Region, region_id))
    require_read(principal, owner)
    return owner


def path_owner(
    session: Session, principal: Principal, tenant_id: int | None = None, region_id: int | None = None
) -> Owner:
    """The register a path names: a municipality's by ``tenant_id``, otherwise a region's by ``region_id``."""
    if tenant_id is not None:
        return tenant_owner(session, principal, tenant_id)
    return region_owner(session, principal, region_id)


def owner_of(session: Session, row) -> Owner:
    if row.tenant_id is not None:
        return Owner(tenant=session.get(Tenant, row.tenant_id))
    return Owner(region=session.get(Region, row.region_id))


def access_contract(session: Session, principal: Principal, contract_id: int) -> Contract:
    contract = access_in_scope(session, Contract, contract_id)
    require_read(principal, owner_of(session, contract))
    return contract


def access_import(session: Session, principal: Principal, import_id: int) -> ContractImport:
    contract_import = access_in_scope(session, ContractImport, import_id)
    require_read(principal, owner_of(session, contract_import))
    return contract_import
