"""The public open contracting data: OCDS 1.1 release and record packages, with no sign-in and no cookie.

Documented in the OpenAPI document with the rest of the API, but outside ``/api/v1`` and not behind its
sign-in: each answer is public data, cacheable (``Cache-Control: public``) and revalidated by its strong
ETag, the hash of its bytes (``If-None-Match`` gives a 304). Only what a region published is served;
anything else, a withdrawn procurement too, is a 404.
"""

from __future__ import annotations

import hashlib
import json

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, validate

from samverka.platform.core.api import ApiParser
from samverka.platform.core.extensions import db
from samverka.platform.core.schemas import Id, Whole
from samverka.platform.publication import public

MAX_PAGE = 100_000
PACKAGE = {"type": "object", "required": ["uri", "version", "publishedDate", "publisher"]}
RESPONSES = {
    "200": {"description": "The package (OCDS 1.1).", "content": {"application/json": {"schema": PACKAGE}}},
    "304": {"description": "Not modified: the ETag sent in If-None-Match is the package's."},
}
NOT_FOUND = {"404": {"description": "No published procurement has this ocid."}}


class PublicBlueprint(Blueprint):
    ARGUMENTS_PARSER = ApiParser()


blp = PublicBlueprint(
    "ocds_api",
    __name__,
    url_prefix="/ocds",
    description="Open contracting data (OCDS 1.1) of the joint procurements the regions published: public, "
    "no sign-in; strong ETags, Cache-Control public; lists by page with the package's links.next/prev.",
)


class ListArgs(Schema):
    page = Whole(validate=validate.Range(min=1, max=MAX_PAGE), load_default=1, metadata={"description": "From 1."})
    region = Id(metadata={"description": "Only the procurements of this region."})


def package_response(package: dict) -> Response:
    body = json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode()
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)


@blp.route("/procurements/<ocid>/releases.json")
@blp.doc(responses={**RESPONSES, **NOT_FOUND})
def procurement_releases(ocid: str):
    """The release package of one published procurement: a release per stage it reached."""
    return package_response(public.procurement_package(db.session, ocid, "releases"))


@blp.route("/procurements/<ocid>/record.json")
@blp.doc(responses={**RESPONSES, **NOT_FOUND})
def procurement_record(ocid: str):
    """The record package of one published procurement: its releases linked and compiled."""
    return package_response(public.procurement_package(db.session, ocid, "record"))


@blp.route("/releases.json")
@blp.arguments(ListArgs, location="query")
@blp.doc(responses=RESPONSES)
def releases(args):
    """Every published procurement's releases, a page at a time (``links.next``/``prev``)."""
    return package_response(public.list_package(db.session, "releases", args["page"], args.get("region")))


@blp.route("/records.json")
@blp.arguments(ListArgs, location="query")
@blp.doc(responses=RESPONSES)
def records(args):
    """Every published procurement's record, a page at a time (``links.next``/``prev``)."""
    return package_response(public.list_package(db.session, "records", args["page"], args.get("region")))
