"""The OCDS 1.1.5 schemas with the two extensions, read from the files shipped in ``data/ocds``: never fetched.

The release schema to validate against is the core one with each extension's ``release-schema.json``
merged in as a JSON Merge Patch (RFC 7386), as the OCDS tools do. The package schemas name the release
schema by its URL; a registry maps every such URL to the local (patched) file, and any other reference
is refused rather than downloaded, so validation never touches the network.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

DATA = Path(str(resources.files("samverka.platform.publication"))) / "data" / "ocds"
CORE = DATA / "1.1.5"
SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"
EXTENSIONS = ("budget_breakdown", "contract_buyer")
# What a package names as its extensions: the official extension.json of each (identifiers, never fetched).
EXTENSION_URLS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_contract_buyer_extension/master/extension.json",
)
# Open codelists the schema cannot close, checked against the codelists shipped (and the extensions' additions).
OPEN_CODELISTS = {"roles": "partyRole.csv", "documentType": "documentType.csv"}


def merge_patch(target, patch):
    """RFC 7386: objects merge key by key, ``null`` removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def release_schema() -> dict:
    """The core release schema with the extensions' patches merged in."""
    schema = _read(CORE / "release-schema.json")
    for name in EXTENSIONS:
        schema = merge_patch(schema, _read(DATA / "extensions" / name / "release-schema.json"))
    return schema


def _refuse(uri: str):
    raise NoSuchResource(ref=uri)  # nothing is downloaded: a reference not shipped is an error


@cache
def registry() -> Registry:
    schemas = {
        "release-schema.json": release_schema(),
        "versioned-release-validation-schema.json": _read(CORE / "versioned-release-validation-schema.json"),
        "release-package-schema.json": _read(CORE / "release-package-schema.json"),
        "record-package-schema.json": _read(CORE / "record-package-schema.json"),
    }
    pairs = [
        (SCHEMA_URL + name, Resource.from_contents(s, default_specification=DRAFT4)) for name, s in schemas.items()
    ]
    return Registry(retrieve=_refuse).with_resources(pairs)


@cache
def codes(filename: str) -> frozenset[str]:
    paths = [CORE / "codelists" / filename, *(DATA / "extensions").glob(f"*/codelists/+{filename}")]
    found: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as rows:
            found |= {row["Code"] for row in csv.DictReader(rows)}
    return frozenset(found)


def validator(kind: str) -> Draft4Validator:
    """``release`` or ``record``: the package schema's validator, its references resolved locally."""
    schema = registry().contents(f"{SCHEMA_URL}{kind}-package-schema.json")
    return Draft4Validator(schema, registry=registry(), format_checker=FormatChecker())
