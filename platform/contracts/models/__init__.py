"""Contracts, their codes, documents and participants; re-procurements, lead times and CSV imports."""

from samverka.platform.contracts.models.contract import (
    DPA_STATUSES,
    KRALJIC_CLASSES,
    SUPPLIER_COUNTRIES,
    Contract,
    ContractCpvCode,
    ContractDocument,
    ContractParticipant,
)
from samverka.platform.contracts.models.planning import (
    IMPORT_STATUSES,
    ContractImport,
    RegionLeadTime,
    Reprocurement,
    TenantContractSettings,
)

__all__ = [
    "DPA_STATUSES",
    "IMPORT_STATUSES",
    "KRALJIC_CLASSES",
    "SUPPLIER_COUNTRIES",
    "Contract",
    "ContractCpvCode",
    "ContractDocument",
    "ContractImport",
    "ContractParticipant",
    "RegionLeadTime",
    "Reprocurement",
    "TenantContractSettings",
]
