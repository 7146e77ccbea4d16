"""Marshmallow schemas of the contract register's API: types and closed sets of values; the rules are
``validation``'s."""

from __future__ import annotations

from marshmallow import fields, validate

from samverka.platform.contracts.models import DPA_STATUSES, IMPORT_STATUSES, KRALJIC_CLASSES, SUPPLIER_COUNTRIES
from samverka.platform.core.catalogue import CATEGORIES, CURRENCY_CODES
from samverka.platform.core.money import MAX_AMOUNT_MINOR
from samverka.platform.core.schemas import Choice, Computed, Flag, Id, StrictSchema, Timestamp, Whole
from samverka.platform.needs.schemas import CpvCodeField


class DocumentSchema(StrictSchema):
    title = fields.String(load_default="", validate=validate.Length(max=200))
    url = fields.String(required=True)


class ContractSchema(StrictSchema):
    """A contract as written: money in minor units of the owner's currency, CPV codes as typed."""

    title = fields.String(required=True)
    supplier_name = fields.String(required=True)
    supplier_organisation_number = fields.String(required=True)
    supplier_country = Choice(SUPPLIER_COUNTRIES, required=True)
    category = Choice(CATEGORIES, required=True)
    cpv_codes = fields.List(fields.String(), load_default=list)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    extension_options = fields.String(load_default="")
    extendable_to = fields.Date(load_default=None, allow_none=True)
    annual_value_minor = Whole(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_AMOUNT_MINOR)
    )
    kraljic = Choice(KRALJIC_CLASSES, required=True)
    processes_personal_data = Flag(load_default=False)
    dpa_status = Choice(DPA_STATUSES, load_default=None, allow_none=True)
    documents = fields.List(fields.Nested(DocumentSchema), load_default=list)
    participant_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=1000))


def _reprocurement(name: str) -> Computed:
    """The need or procurement the latest re-procurement created; null before there is one."""
    return Computed(lambda s: s.reprocurement and getattr(s.reprocurement, name), fields.Integer(allow_none=True))


class ContractStatusSchema(StrictSchema):
    """A contract as read, with the date its re-procurement must start and the need created for it."""

    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    region_id = fields.Integer(dump_only=True, allow_none=True)
    title = fields.String(dump_only=True)
    supplier_name = fields.String(dump_only=True)
    supplier_organisation_number = fields.String(dump_only=True)
    supplier_country = Choice(SUPPLIER_COUNTRIES, dump_only=True)
    category = Choice(CATEGORIES, dump_only=True)
    cpv_codes = fields.List(CpvCodeField(), dump_only=True)
    starts_on = fields.Date(dump_only=True)
    ends_on = fields.Date(dump_only=True)
    extension_options = fields.String(dump_only=True)
    extendable_to = fields.Date(dump_only=True, allow_none=True)
    last_end = fields.Date(dump_only=True)
    annual_value_minor = fields.Integer(dump_only=True, allow_none=True)
    currency = Choice(CURRENCY_CODES, dump_only=True)
    kraljic = Choice(KRALJIC_CLASSES, dump_only=True)
    processes_personal_data = fields.Boolean(dump_only=True)
    dpa_status = Choice(DPA_STATUSES, dump_only=True)
    documents = fields.List(fields.Nested(DocumentSchema), dump_only=True)
    participant_ids = fields.List(fields.Integer(), dump_only=True)
    lead_months = fields.Integer(dump_only=True)
    reprocurement_starts_on = fields.Date(dump_only=True)
    reprocurement_need_id = _reprocurement("need_id")
    reprocurement_procurement_id = _reprocurement("procurement_id")


class ReportLineSchema(StrictSchema):
    """What an import found wrong: the file's line and column, and why."""

    line = fields.Integer()
    column = fields.String()
    message = fields.String()


class ContractImportSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    region_id = fields.Integer(dump_only=True, allow_none=True)
    filename = fields.String(dump_only=True)
    status = Choice(IMPORT_STATUSES, dump_only=True)
    total = fields.Integer(dump_only=True)
    done = fields.Integer(dump_only=True)
    report = Computed(lambda i: i.problems(), fields.List(fields.Nested(ReportLineSchema)))
    created_at = Timestamp(dump_only=True)
    finished_at = Timestamp(dump_only=True, allow_none=True)


class LeadTimesSchema(StrictSchema):
    """Months per category; categories left out keep their current value."""

    months = fields.Dict(keys=fields.String(), values=Whole(strict=True), required=True)


class TenantContractSettingsSchema(StrictSchema):
    """Off (the default): a re-procurement need drafted from the register waits for the municipality to submit it."""

    auto_submit_reprocurements = Flag(required=True)
