"""The JSON API of the contract register, under /api/v1.

Path ids are looked up before the body is read (an object out of reach is a 404 whatever
the body says). The blueprint commits a write once the service accepted it, so a refused
or invalid request leaves nothing behind.
"""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from samverka.platform.contracts.models import Contract, ContractImport
from samverka.platform.contracts.schemas import (
    ContractImportSchema,
    ContractSchema,
    ContractStatusSchema,
    LeadTimesSchema,
    TenantContractSettingsSchema,
)
from samverka.platform.contracts.services import contracts, imports, lead_times, sharing
from samverka.platform.contracts.services.access import (
    CONTRACT_READ,
    Owner,
    access_contract,
    access_import,
    register_of,
)
from samverka.platform.core.api import ApiBlueprint, PageArgs, page_of, paged
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.core.schemas import Choice
from samverka.tenants.models import Region, Tenant

DESCRIPTION = """The contract register: a municipality's own contracts (its IT coordinator writes, its chief
executive reads; nobody else) and a region's joint contracts (the region's staff write; its members and partners
read). Each contract shows the date its re-procurement must start: its last possible end minus the lead time of
its category (the region's setting). Registers can be imported from CSV (see the README); a file is checked whole
and imported only if every line is valid."""

blp = ApiBlueprint(
    "contracts_api",
    __name__,
    url_prefix="/api/v1",
    description=DESCRIPTION,
    path_models={"tenant_id": Tenant, "region_id": Region, "contract_id": Contract, "import_id": ContractImport},
)


class RegisterArgs(PageArgs):
    sort = Choice(
        contracts.SORTS,
        metadata={
            "description": "reprocurement (default: the earliest re-procurement start first), title, ends_on, supplier."
        },
    )


class UploadSchema(Schema):
    """The CSV file's text (UTF-8) and its name, as JSON like every other write of the API."""

    filename = fields.String(load_default="contracts.csv")
    content = fields.String(required=True)


def _owner(path: dict, permission=CONTRACT_READ) -> Owner:
    return register_of(db.session, current_principal(), permission=permission, **path)


# Each view serves both kinds of register: its path names a municipality's or a region's.
@blp.route("/tenants/<int:tenant_id>/contracts")
@blp.route("/regions/<int:region_id>/contracts")
class RegisterContracts(MethodView):
    @blp.arguments(RegisterArgs, location="query")
    @blp.response(200, ContractStatusSchema(many=True))
    def get(self, args, **path):
        """A register's contracts, by default the earliest re-procurement start first (?sort=).

        A municipality's own register is read by its IT coordinator and chief executive; a region's joint
        contracts by its members, partners and staff.
        """
        page = contracts.list_contracts(
            db.session, _owner(path), args.get("sort", "reprocurement"), page_of(args), details=True
        )
        return paged(page)

    @blp.arguments(ContractSchema)
    @blp.response(201, ContractStatusSchema)
    def post(self, values, **path):
        """Register a contract: a municipality's by its IT coordinator, a region's by its coordinator or purchaser."""
        created = contracts.create_contract(db.session, current_principal(), _owner(path), values)
        return contracts.status_of(db.session, created, details=True)


@blp.route("/contracts/<int:contract_id>")
class ContractDetail(MethodView):
    @blp.response(200, ContractStatusSchema)
    def get(self, contract_id: int):
        """One contract, with its re-procurement start and the need or procurement created for it."""
        contract = access_contract(db.session, current_principal(), contract_id)
        return contracts.status_of(db.session, contract, details=True)

    @blp.arguments(ContractSchema)
    @blp.response(200, ContractStatusSchema)
    def put(self, values, contract_id: int):
        """Replace what the contract says (those who may write its register)."""
        contract = access_contract(db.session, current_principal(), contract_id)
        updated = contracts.update_contract(db.session, current_principal(), contract, values)
        return contracts.status_of(db.session, updated, details=True)

    @blp.response(204)
    def delete(self, contract_id: int):
        """Remove the contract from the register; a re-procurement need already created stays."""
        contract = access_contract(db.session, current_principal(), contract_id)
        contracts.delete_contract(db.session, current_principal(), contract)


@blp.route("/tenants/<int:tenant_id>/contract-imports", methods=["POST"])
@blp.route("/regions/<int:region_id>/contract-imports", methods=["POST"])
@blp.arguments(UploadSchema)
@blp.response(202, ContractImportSchema)
def register_import(upload, **path):
    """Upload a CSV register; 422 with a line-by-line report unless every line is valid.

    A municipality's register is written by its IT coordinator, a region's by its coordinator or purchaser.
    """
    content = upload["content"].encode("utf-8")
    return imports.create_import(db.session, current_principal(), _owner(path), upload["filename"], content)


@blp.route("/contract-imports/<int:import_id>")
@blp.response(200, ContractImportSchema)
def contract_import(import_id: int):
    """An import's status and progress (``done`` of ``total`` lines)."""
    return access_import(db.session, current_principal(), import_id)


@blp.route("/regions/<int:region_id>/lead-times")
class LeadTimes(MethodView):
    @blp.response(200, LeadTimesSchema)
    def get(self, region_id: int):
        """Months before a contract's last possible end that its re-procurement must start, per category."""
        region = lead_times.lead_times_region(db.session, current_principal(), region_id)
        return {"months": lead_times.region_lead_months(db.session, region.id)}

    @blp.arguments(LeadTimesSchema)
    @blp.response(200, LeadTimesSchema)
    def put(self, body, region_id: int):
        """Change lead times (the region's coordinator); each 0 to 120 months."""
        lead_times.set_lead_times(db.session, current_principal(), region_id, body["months"])
        return {"months": lead_times.region_lead_months(db.session, region_id)}


@blp.route("/tenants/<int:tenant_id>/contract-settings")
class TenantContractSettings(MethodView):
    @blp.response(200, TenantContractSettingsSchema)
    def get(self, tenant_id: int):
        """Whether re-procurement needs drafted from the municipality's register are submitted automatically."""
        _tenant, enabled = sharing.contract_settings(db.session, current_principal(), tenant_id)
        return {"auto_submit_reprocurements": enabled}

    @blp.arguments(TenantContractSettingsSchema)
    @blp.response(200, TenantContractSettingsSchema)
    def put(self, body, tenant_id: int):
        """Opt in to (or out of) automatic submission (the municipality's IT coordinator); default off."""
        enabled = sharing.set_auto_submit(db.session, current_principal(), tenant_id, **body)
        return {"auto_submit_reprocurements": enabled}
