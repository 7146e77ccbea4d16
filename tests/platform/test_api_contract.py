"""The API's contract as the OpenAPI document states it: a valid document, ids bounded in every path,
every property typed and every closed set of values listed as an enum, time stamps with their zone,
``Allow`` on 405, and the error message in the request's language."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

from openapi_spec_validator import validate

from samverka.platform.core.schemas import MAX_ID
from samverka.platform.mail.mailer import get_mailer
from tests.jobs.harness import mails_to
from tests.support.api import assert_error_shape, field_errors, signed_in

# Names of fields drawn from a closed set (a status, a category, a currency, a role...): wherever one
# appears, in a body, an answer or a query, the document lists its values.
CLOSED_SETS = {
    "action",
    "approval_rule",
    "availability",
    "benefit_type",
    "benefit_types",
    "budget_source",
    "category",
    "code",
    "confidentiality",
    "cost_method",
    "country",
    "currency",
    "decision",
    "dpa_status",
    "field",
    "from_status",
    "integrity",
    "kind",
    "kraljic",
    "plan_status",
    "required_fields",
    "role",
    "roles",
    "scope",
    "sort",
    "status",
    "supplier_country",
    "to_status",
    "traceability",
    "transition",
}
# Closed, yet not listed: flask-smorest's error status is the HTTP reason phrase, which HTTP lists; the
# CPV 2008 vocabulary has over 9,000 codes, which GET /api/v1/cpv searches.
# An attention item's kind is open: each area (and each later issue) adds its own, and clients show the title.
OPEN_BY_DESIGN = {("Error", "status"), ("CpvCode", "code"), ("AttentionItem", "kind")}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def test_the_document_is_valid_openapi_and_bounds_every_path_id(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    parameters = [p for item in document["paths"].values() for p in item.get("parameters", ())]
    path = [parameter for parameter in parameters if parameter["in"] == "path"]
    ids = [parameter["schema"] for parameter in path if parameter["name"] != "ocid"]
    assert ids and all(schema == {"type": "integer", "minimum": 1, "maximum": MAX_ID} for schema in ids)
    # The public open contracting data names a procurement by its ocid (prefix-id), not by a row id.
    assert {parameter["schema"]["type"] for parameter in path if parameter["name"] == "ocid"} == {"string"}


def _properties(document: dict):
    """(where, name, schema) of every property of every schema and of every parameter."""
    for schema_name, schema in document["components"]["schemas"].items():
        for name, prop in schema.get("properties", {}).items():
            yield schema_name, name, prop
    for path, item in document["paths"].items():
        operations = [item, *(op for op in item.values() if isinstance(op, dict))]
        for parameter in (p for op in operations for p in op.get("parameters", ())):
            yield path, parameter["name"], parameter["schema"]


def _typed(schema: dict) -> bool:
    return any(key in schema for key in ("type", "$ref", "allOf", "anyOf", "oneOf"))


def test_every_property_has_a_type(client):
    document = client.get("/api/v1/openapi.json").get_json()
    untyped = [
        (where, name)
        for where, name, prop in _properties(document)
        if not _typed(prop) or ("items" in prop and not _typed(prop["items"]))
    ]
    assert untyped == []


def test_every_closed_set_of_values_is_an_enum(client):
    document = client.get("/api/v1/openapi.json").get_json()
    found = {(where, name): prop.get("items", prop) for where, name, prop in _properties(document)}
    assert {name for _where, name in found} >= CLOSED_SETS, "a name listed here no longer occurs"
    without = [
        key
        for key, values in found.items()
        if key[1] in CLOSED_SETS and values.get("type") == "string" and "enum" not in values
    ]
    assert sorted(set(without) - OPEN_BY_DESIGN) == []


def test_a_body_is_documented_as_required_only_when_a_field_is(client):
    """The API reads a missing body as an empty one: a body of optional fields may be left out."""
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    bodies = [op["requestBody"] for item in document["paths"].values() for op in item.values() if "requestBody" in op]
    for body in bodies:
        reference = body["content"]["application/json"]["schema"]["$ref"]
        assert body["required"] == bool(schemas[reference.rsplit("/", 1)[1]].get("required")), reference


def test_time_stamps_carry_their_zone(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    region = api.get(f"/api/v1/regions/{tenant_a.region_id}").get_json()
    assert RFC3339.match(region["created_at"]), region["created_at"]


def test_a_wrong_method_says_which_are_allowed_in_the_api_and_on_pages(client, tenant_a):
    api = signed_in(client, tenant_a.people["coordinator"])
    answer = api.delete("/api/v1/me")
    assert_error_shape(answer, 405)
    assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    page = client.delete("/")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]


def test_the_message_is_in_the_language_of_the_field_errors(client, tenant_a):
    api = signed_in(client, tenant_a.people["it"])
    for language, message in (("en", "The request cannot"), ("nb", "Forespørselen")):
        client.set_cookie("samverka_lang", language)
        body = '{"title": '  # not JSON
        answer = api.client.post(
            f"/api/v1/tenants/{tenant_a.tenant_id}/needs",
            data=body,
            content_type="application/json",
            headers=api.headers,
        )
        errors = field_errors(answer)
        assert errors["_schema"][0].startswith("The request body" if language == "en" else "Innholdet i")
        assert answer.get_json()["message"].startswith(message)


def test_a_line_break_in_a_subject_never_reaches_the_mail_header(app, smtp_server):
    smtp_server.clear()
    get_mailer(app).send("kari@example.test", "Gjenanskaffelse: Ekonomi\r\nBcc: x@evil.example", "Hei")
    [mail] = mails_to(smtp_server, "kari@example.test")
    assert str(make_header(decode_header(mail["Subject"]))) == "Gjenanskaffelse: Ekonomi Bcc: x@evil.example"
    assert mail["Bcc"] is None
