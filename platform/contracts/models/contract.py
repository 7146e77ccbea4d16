"""A contract in the register: a tenant's own, or a region's joint one (exactly one owner).

Every child row repeats the contract's owner (``tenant_id`` or ``region_id``) so that
the row-level-security policies of all the register's tables are the same simple
expression and need no join.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.checks import one_of
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.rules import Held, TenancyRule
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm

KRALJIC_CLASSES = ("strategic", "bottleneck", "leverage", "routine")
# A data processing agreement (databehandleravtale / personuppgiftsbiträdesavtal).
DPA_STATUSES = ("not_required", "missing", "in_progress", "signed")
SUPPLIER_COUNTRIES = ("NO", "SE")
ONE_OWNER = "(tenant_id IS NULL) <> (region_id IS NULL)"
OWNER_SCOPES = {"tenant": "tenant_id", "region": "region_id"}

# The register: a municipality's contracts are its own (no region staff, no partner, no other
# municipality); a region's joint contracts are read by its members, partners and staff.
REGISTER_RULE = TenancyRule(
    read=Held("tenant_id", perm.TENANT_CONTRACTS_READ) | Held("region_id", perm.REGION_CONTRACTS_READ),
    write=Held("tenant_id", perm.TENANT_CONTRACTS_WRITE) | Held("region_id", perm.REGION_CONTRACTS_WRITE),
    scopes=OWNER_SCOPES,
)


def of_contract(table: str) -> tuple[ForeignKeyConstraint, ForeignKeyConstraint]:
    """A row of a contract carries the contract's owner: the database proves each owner column.

    Two constraints, because exactly one owner column is set: the other one's constraint then
    does not apply, and a row cannot name an owner its contract does not have.
    """
    return tuple(
        ForeignKeyConstraint(
            ["contract_id", column],
            ["contracts.id", f"contracts.{column}"],
            ondelete="CASCADE",
            name=f"fk_{table}_contract_{column.split('_')[0]}",
        )
        for column in ("tenant_id", "region_id")
    )


def _to_contract(child: str) -> dict:
    """The relationship from a row to its contract, by the contract's id alone."""
    return {"primaryjoin": f"Contract.id == foreign({child}.contract_id)"}


def _of(child: str) -> dict:
    """The relationship from a contract to its rows, by the contract's id alone."""
    return {"primaryjoin": f"Contract.id == foreign({child}.contract_id)", "cascade": "all, delete-orphan"}


class OwnedMixin:
    """The owner columns every table of the register carries."""

    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)


class Contract(OwnedMixin, db.Model):
    """A contract with a supplier; the annual value in minor units (øre/öre) of ``currency``."""

    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
        CheckConstraint(one_of("category", CATEGORIES), name="category"),
        CheckConstraint(one_of("kraljic", KRALJIC_CLASSES), name="kraljic"),
        CheckConstraint(one_of("dpa_status", DPA_STATUSES), name="dpa_status"),
        CheckConstraint(one_of("supplier_country", SUPPLIER_COUNTRIES), name="supplier_country"),
        CheckConstraint(one_of("currency", CURRENCY_CODES), name="currency"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("extendable_to IS NULL OR extendable_to >= ends_on", name="extension"),
        CheckConstraint("annual_value_minor IS NULL OR annual_value_minor >= 0", name="annual_value"),
        CheckConstraint("processes_personal_data = (dpa_status <> 'not_required')", name="dpa"),
        UniqueConstraint("id", "tenant_id", name="uq_contracts_id_tenant"),
        UniqueConstraint("id", "region_id", name="uq_contracts_id_region"),
        UniqueConstraint("procurement_id", name="uq_contracts_procurement"),
        # A joint procurement's contract is its region's: the database proves the procurement is that region's.
        ForeignKeyConstraint(
            ["procurement_id", "region_id"],
            ["joint_procurements.id", "joint_procurements.region_id"],
            ondelete="RESTRICT",
            name="fk_contracts_procurement",
        ),
    )
    __tenancy__ = REGISTER_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    supplier_name: Mapped[str] = mapped_column(String(200))
    supplier_organisation_number: Mapped[str] = mapped_column(String(12))  # digits only
    supplier_country: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(32))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    extension_options: Mapped[str] = mapped_column(String(200), default="")  # e.g. "1+1 år"
    extendable_to: Mapped[date | None]
    annual_value_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    kraljic: Mapped[str] = mapped_column(String(16))
    processes_personal_data: Mapped[bool] = mapped_column(default=False)
    dpa_status: Mapped[str] = mapped_column(String(16), default="not_required")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The joint procurement this contract was signed at the end of (none for a contract entered in the register).
    procurement_id: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    cpv_code_rows: Mapped[list[ContractCpvCode]] = relationship(
        back_populates="contract", order_by="ContractCpvCode.code", **_of("ContractCpvCode")
    )
    documents: Mapped[list[ContractDocument]] = relationship(
        back_populates="contract", order_by="ContractDocument.id", **_of("ContractDocument")
    )
    participants: Mapped[list[ContractParticipant]] = relationship(
        back_populates="contract", order_by="ContractParticipant.tenant_id", **_of("ContractParticipant")
    )

    @property
    def pending_dpa(self) -> bool:
        """Not in force for personal data: it processes personal data and its DPA is not signed by every controller."""
        return self.processes_personal_data and self.dpa_status != "signed"

    @property
    def last_end(self) -> date:
        """The last day the contract can run: to its furthest extension, if it has one."""
        return self.extendable_to or self.ends_on

    @property
    def cpv_codes(self) -> list[str]:
        return [row.code for row in self.cpv_code_rows]

    @property
    def participant_tenant_ids(self) -> list[int]:
        return [row.tenant_id for row in self.participants]


class ContractCpvCode(OwnedMixin, db.Model):
    """One CPV code of a contract: the eight digits without the check digit."""

    __tablename__ = "contract_cpv_codes"
    __table_args__ = (
        CheckConstraint("length(code) = 8", name="code"),
        CheckConstraint(ONE_OWNER, name="one_owner"),
        *of_contract("contract_cpv_codes"),
    )
    __tenancy__ = REGISTER_RULE

    contract_id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)

    contract: Mapped[Contract] = relationship(back_populates="cpv_code_rows", **_to_contract("ContractCpvCode"))


class ContractDocument(OwnedMixin, db.Model):
    """A link to a document of the contract (the contract itself, the DPA, an annex)."""

    __tablename__ = "contract_documents"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
        CheckConstraint("url LIKE 'https://%' OR url LIKE 'http://%'", name="url"),
        *of_contract("contract_documents"),
    )
    __tenancy__ = REGISTER_RULE

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))

    contract: Mapped[Contract] = relationship(back_populates="documents", **_to_contract("ContractDocument"))


class ContractParticipant(db.Model):
    """A member municipality taking part in a region's joint contract; the row is the region's."""

    __tablename__ = "contract_participants"
    __table_args__ = (
        ForeignKeyConstraint(
            ["contract_id", "region_id"],
            ["contracts.id", "contracts.region_id"],
            ondelete="CASCADE",
            name="fk_contract_participants_contract",
        ),
    )
    __tenancy__ = TenancyRule(
        read=Held("region_id", perm.REGION_CONTRACTS_READ),
        write=Held("region_id", perm.REGION_CONTRACTS_WRITE),
        scopes={"region": "region_id", "tenant": "tenant_id"},
    )

    contract_id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)

    contract: Mapped[Contract] = relationship(back_populates="participants", **_to_contract("ContractParticipant"))
