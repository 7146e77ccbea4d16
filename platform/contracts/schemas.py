"""Marshmallow schemas of the contract register's API: types only; the rules are ``validation``'s."""

from __future__ import annotations

import json

from marshmallow import fields, validate

from samverka.platform.core.money import MAX_AMOUNT_MINOR
from samverka.platform.core.schemas import Id, StrictSchema, Timestamp, Whole
from samverka.platform.cpv import services as cpv


class DocumentSchema(StrictSchema):
    title = fields.String(load_default="", validate=validate.Length(max=200))
    url = fields.String(required=True)


class ContractSchema(StrictSchema):
    """A contract as written: money in minor units of the owner's currency, CPV codes as typed."""

    title = fields.String(required=True)
    supplier_name = fields.String(required=True)
    supplier_organisation_number = fields.String(required=True)
    supplier_country = fields.String(required=True)
    category = fields.String(required=True)
    cpv_codes = fields.List(fields.String(), load_default=list)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    extension_options = fields.String(load_default="")
    extendable_to = fields.Date(load_default=None, allow_none=True)
    annual_value_minor = Whole(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_AMOUNT_MINOR)
    )
    kraljic = fields.String(required=True)
    processes_personal_data = fields.Boolean(load_default=False)
    dpa_status = fields.String(load_default=None, allow_none=True)
    documents = fields.List(fields.Nested(DocumentSchema), load_default=list)
    participant_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=1000))


def _contract(name):
    return fields.Function(lambda s: getattr(s.contract, name), dump_only=True)


class ContractStatusSchema(StrictSchema):
    """A contract as read, with the date its re-procurement must start and the need created for it."""

    id = _contract("id")
    tenant_id = _contract("tenant_id")
    region_id = _contract("region_id")
    title = _contract("title")
    supplier_name = _contract("supplier_name")
    supplier_organisation_number = _contract("supplier_organisation_number")
    supplier_country = _contract("supplier_country")
    category = _contract("category")
    cpv_codes = fields.Function(lambda s: [cpv.display(c) for c in s.contract.cpv_codes], dump_only=True)
    starts_on = fields.Function(lambda s: s.contract.starts_on.isoformat(), dump_only=True)
    ends_on = fields.Function(lambda s: s.contract.ends_on.isoformat(), dump_only=True)
    extension_options = _contract("extension_options")
    extendable_to = fields.Function(
        lambda s: s.contract.extendable_to and s.contract.extendable_to.isoformat(), dump_only=True
    )
    last_end = fields.Function(lambda s: s.contract.last_end.isoformat(), dump_only=True)
    annual_value_minor = _contract("annual_value_minor")
    currency = _contract("currency")
    kraljic = _contract("kraljic")
    processes_personal_data = _contract("processes_personal_data")
    dpa_status = _contract("dpa_status")
    documents = fields.Function(
        lambda s: [{"title": d.title, "url": d.url} for d in s.contract.documents], dump_only=True
    )
    participant_ids = fields.Function(lambda s: s.contract.participant_tenant_ids, dump_only=True)
    lead_months = fields.Integer(dump_only=True)
    reprocurement_starts_on = fields.Date(dump_only=True)
    reprocurement_need_id = fields.Function(lambda s: s.reprocurement and s.reprocurement.need_id, dump_only=True)
    reprocurement_procurement_id = fields.Function(
        lambda s: s.reprocurement and s.reprocurement.procurement_id, dump_only=True
    )


class ContractImportSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    tenant_id = fields.Integer(dump_only=True, allow_none=True)
    region_id = fields.Integer(dump_only=True, allow_none=True)
    filename = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    total = fields.Integer(dump_only=True)
    done = fields.Integer(dump_only=True)
    report = fields.Function(lambda i: json.loads(i.report), dump_only=True)
    created_at = Timestamp(dump_only=True)
    finished_at = Timestamp(dump_only=True, allow_none=True)


class LeadTimesSchema(StrictSchema):
    """Months per category; categories left out keep their current value."""

    months = fields.Dict(keys=fields.String(), values=Whole(strict=True), required=True)
