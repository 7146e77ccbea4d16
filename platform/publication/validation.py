"""Validating a release or record package against the local OCDS schemas: every error, as readable lines.

The JSON Schema of the package (with the extensions), then what the schema leaves open: each party
role and document type must be in its codelist, and each organisation reference must name a party.
"""

from __future__ import annotations

from collections.abc import Iterator

from samverka.platform.publication.schema import OPEN_CODELISTS, codes, validator


def kind_of(package: dict) -> str:
    return "record" if "records" in package else "release"


def errors(package: dict) -> list[str]:
    """Nothing when the package is valid OCDS 1.1 with the two extensions."""
    kind = kind_of(package)
    found = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
        for error in sorted(validator(kind).iter_errors(package), key=lambda e: list(map(str, e.absolute_path)))
    ]
    for release in _releases(package):
        found += _codelist_errors(release)
        found += _reference_errors(release)
    return found


def _releases(package: dict) -> Iterator[dict]:
    for release in package.get("releases") or ():
        if isinstance(release, dict):
            yield release
    for record in package.get("records") or ():
        if isinstance(record, dict) and isinstance(record.get("compiledRelease"), dict):
            yield record["compiledRelease"]


def _walk(node, key: str | None = None) -> Iterator[tuple[str | None, object, object]]:
    """(key, value, parent) of every value in a JSON document."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield name, value, node
            yield from _walk(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, key)


def _codelist_errors(release: dict) -> list[str]:
    found = []
    for key, value, _parent in _walk(release):
        if key in OPEN_CODELISTS:
            known = codes(OPEN_CODELISTS[key])
            values = value if isinstance(value, list) else [value]
            found += [
                f"{release.get('id')}: {key} {v!r} is not in {OPEN_CODELISTS[key]}" for v in values if v not in known
            ]
    return found


def _reference_errors(release: dict) -> list[str]:
    parties = {party.get("id") for party in release.get("parties") or () if isinstance(party, dict)}
    references = ("buyer", "sourceParty", "procuringEntity", "suppliers", "buyers")
    found = []
    for key, value, _parent in _walk(release):
        for reference in (value if isinstance(value, list) else [value]) if key in references else ():
            if isinstance(reference, dict) and reference.get("id") not in parties:
                found.append(f"{release.get('id')}: {key} {reference.get('id')!r} is not among the parties")
    return found
