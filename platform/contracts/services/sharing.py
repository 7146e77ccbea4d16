"""Whether a municipality's re-procurements leave its private register on their own.

A municipality's contract register is read by its own people only. The lead-time job drafts a
re-procurement need from a contract; by default that need stays a draft for the municipality to
review and submit (its title and value then reach the region and the action plan by its own act).
Its IT coordinator may opt in to automatic submission.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.contracts.models import TenantContractSettings
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.models import Tenant
from samverka.tenants.services.directory import access_tenant


def contract_settings(
    session: Session, principal: Principal, tenant_id: int, permission=perm.TENANT_CONTRACTS_READ
) -> tuple[Tenant, bool]:
    """The municipality and whether its re-procurement needs are submitted automatically."""
    tenant = access_tenant(session, principal, tenant_id, permission)
    return tenant, auto_submits(session, tenant.id)


def auto_submits(session: Session, tenant_id: int) -> bool:
    return tenant_id in auto_submitting(session, [tenant_id])


def auto_submitting(session: Session, tenant_ids: list[int]) -> set[int]:
    """Those of the municipalities that submit their re-procurement needs automatically."""
    stmt = select(TenantContractSettings.tenant_id).where(
        TenantContractSettings.tenant_id.in_(tenant_ids), TenantContractSettings.auto_submit_reprocurements
    )
    return set(session.scalars(stmt))


def set_auto_submit(session: Session, principal: Principal, tenant_id: int, auto_submit_reprocurements: bool) -> bool:
    """The IT coordinator's choice; recorded in the audit log."""
    tenant = access_tenant(session, principal, tenant_id, perm.TENANT_CONTRACTS_WRITE)
    found = session.get(TenantContractSettings, tenant.id)
    if found is None:
        found = TenantContractSettings(tenant_id=tenant.id)
        session.add(found)
    enabled = auto_submit_reprocurements
    found.auto_submit_reprocurements, found.updated_by_id, found.updated_at = enabled, principal.user_id, utcnow()
    session.flush()
    record(
        session,
        principal,
        "contract_settings.update",
        tenant,
        tenant_id=tenant.id,
        summary={"auto_submit_reprocurements": enabled},
    )
    return enabled
