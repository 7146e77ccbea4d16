"""Release packages and record packages (OCDS 1.1), and compiling a procurement's releases into its record.

The compiled release is the OCDS reference merge (``ocdsmerge``, the logic ``ocdskit`` calls) driven by the
local release schema with the extensions: identified arrays (parties, awards, contracts, documents) merge
by ``id``, everything else is replaced by the latest release's value. Nothing is fetched.
"""

from __future__ import annotations

from functools import cache

from ocdsmerge import Merger

from samverka.platform.publication.schema import EXTENSION_URLS, release_schema

VERSION = "1.1"


@cache
def _merger() -> Merger:
    return Merger(schema=release_schema())


def compiled(releases: list[dict]) -> dict:
    return _merger().create_compiled_release(releases)


def record(the_ocid: str, releases: list[dict], releases_uri: str) -> dict:
    """The record: each release linked (in the procurement's release package) and the compiled release."""
    linked = [{"url": f"{releases_uri}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in releases]
    return {"ocid": the_ocid, "releases": linked, "compiledRelease": compiled(releases)}


def _head(uri: str, publisher: str, published_date: str, links: dict | None) -> dict:
    head = {
        "uri": uri,
        "version": VERSION,
        "extensions": list(EXTENSION_URLS),
        "publishedDate": published_date,
        "publisher": {"name": publisher},
    }
    if links:
        head["links"] = links
    return head


def release_package(releases: list[dict], *, uri: str, publisher: str, published_date: str, links=None) -> dict:
    return {**_head(uri, publisher, published_date, links), "releases": releases}


def record_package(records: list[dict], *, uri: str, publisher: str, published_date: str, links=None) -> dict:
    return {**_head(uri, publisher, published_date, links), "records": records}
