"""The packages served, validated by the OCDS community's own tool (libcoveocds), offline.

libcoveocds reads the standard from a ZIP (its ``standard_zip`` setting, here a file:// URL to a ZIP made of
the schemas shipped in ``platform/publication/data/ocds/``) and fetches each extension named in the package
through ocdsextensionregistry's HTTP session. The package keeps its public extension URLs; a transport
adapter mounted on that session for the extensions' download URLs answers with the shipped copies, and any
socket opened during the validation fails the test.
"""

from __future__ import annotations

import copy
import io
import socket
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdsextensionregistry.extension_version import ExtensionVersion
from ocdsextensionregistry.util import session
from requests.adapters import BaseAdapter

import samverka.platform.publication as publication
from samverka.platform.publication.schema import EXTENSION_URLS
from tests.platform.publication.factories import delivered_procurement, publish

DATA = Path(publication.__file__).parent / "data" / "ocds"
STANDARD_URL = "https://standard.open-contracting.org/schema/1__1__5/"
# The shipped copy of each extension, by the repository name in its public URL.
LOCAL_EXTENSIONS = {
    "ocds_budget_breakdown_extension": DATA / "extensions" / "budget_breakdown",
    "ocds_contract_buyer_extension": DATA / "extensions" / "contract_buyer",
}


def _zip(directory: Path, top: str, under: str = "", rewrite: dict[str, str] | None = None) -> bytes:
    """The directory as a GitHub archive lays it out: everything under one top folder, listed first;
    ``rewrite`` replaces strings in the files' text (the ZIP is a copy, the shipped files stay as they are)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{top}/", "")
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            content = path.read_bytes()
            for old, new in (rewrite or {}).items():
                content = content.replace(old.encode(), new.encode())
            archive.writestr(f"{top}/{under}{path.relative_to(directory).as_posix()}", content)
    return buffer.getvalue()


class LocalExtensions(BaseAdapter):
    """Answers the download URL of each extension with a ZIP of its shipped copy; anything else is a 404."""

    def __init__(self, archives: dict[str, bytes]):
        super().__init__()
        self.archives = archives

    def send(self, request, **kwargs):
        response = requests.Response()
        response.request, response.url = request, request.url
        body = self.archives.get(request.url)
        response.status_code, response.reason = (200, "OK") if body is not None else (404, "Not Found")
        response.raw = io.BytesIO(body or b"")
        return response

    def close(self):
        pass


def _download_urls() -> dict[str, Path]:
    """Where ocdsextensionregistry downloads each extension of the package from, and the shipped copy."""
    found = {}
    for url in EXTENSION_URLS:
        download_url = ExtensionVersion(
            {
                "Id": None,
                "Date": None,
                "Version": None,
                "Base URL": url.removesuffix("extension.json"),
                "Download URL": None,
            }
        ).download_url
        found[download_url] = LOCAL_EXTENSIONS[url.split("/")[4]]
    return found


@contextmanager
def offline_extensions() -> Iterator[None]:
    archives = {url: _zip(path, f"{path.name}-master") for url, path in _download_urls().items()}
    prefix = "https://github.com/open-contracting-extensions/"
    session.mount(prefix, LocalExtensions(archives))
    try:
        with session.cache_disabled():
            yield
    finally:
        session.adapters.pop(prefix)


@contextmanager
def no_sockets() -> Iterator[None]:
    """Any socket opened is a failure, as in test_ocds: the validation must read only local files."""

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "socket", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> LibCoveOCDSConfig:
    """libcoveocds in its API context, on OCDS 1.1.5 from the shipped files.

    For a record package libcoveocds dereferences the record package schema with jsonref, whose loader
    fetches the ``versionedRelease`` reference over HTTP (the release schema references it replaces with the
    patched schema itself); in the ZIP's copy that reference names the shipped file instead. Validation
    itself resolves references through libcoveocds' own registry (and the records served carry no
    ``versionedRelease``)."""
    versioned = "versioned-release-validation-schema.json"
    rewrite = {f"{STANDARD_URL}{versioned}": (DATA / "1.1.5" / versioned).as_uri()}
    standard = tmp_path_factory.mktemp("ocds") / "standard.zip"
    standard.write_bytes(_zip(DATA / "1.1.5", "standard", "schema/", rewrite))
    local = (DATA / "1.1.5").as_uri() + "/"
    return LibCoveOCDSConfig(
        {
            "context": "api",
            "standard_zip": standard.as_uri(),
            "schema_version_choices": {"1.1": ("1.1", local, "1__1__5")},
            "schema_codelists": {"1.1": f"{local}codelists/"},
        }
    )


def validate(package: dict, config: LibCoveOCDSConfig, tmp_path: Path) -> dict:
    with offline_extensions(), no_sockets():
        return ocds_json_output(str(tmp_path), json_data=copy.deepcopy(package), lib_cove_ocds_config=config)


@pytest.fixture
def served(app, client, tenant_a) -> dict[str, dict]:
    """The release package and the record package of a delivered, published procurement, as served."""
    procurement_id = delivered_procurement(app, tenant_a)
    publish(app, tenant_a, procurement_id)
    ocid = f"ocds-smvka1-{procurement_id}"
    answers = {kind: client.get(f"/ocds/procurements/{ocid}/{kind}.json") for kind in ("releases", "record")}
    assert [answer.status_code for answer in answers.values()] == [200, 200]
    return {kind: answer.get_json() for kind, answer in answers.items()}


def test_libcoveocds_finds_no_error_in_the_packages_served(served, config, tmp_path):
    for kind, package in served.items():
        result = validate(package, config, tmp_path)
        assert result["validation_errors"] == [], kind
        assert result["extensions"]["invalid_extensions"] == [], kind
        assert len(result["extensions"]["extensions"]) == len(EXTENSION_URLS), kind
        assert result["additional_closed_codelist_values"] == {}, kind


def test_libcoveocds_reports_a_broken_copy(served, config, tmp_path):
    package = copy.deepcopy(served["releases"])
    del package["releases"][0]["ocid"]
    package["releases"][0]["tag"] = ["notATag"]
    contract = next(release for release in package["releases"] if release.get("contracts"))["contracts"][0]
    contract["buyer"] = "Kongsberg"  # an object under the contract_buyer extension: only an error when it applies
    result = validate(package, config, tmp_path)
    described = {(error["field"], error["description"]) for error in result["validation_errors"]}
    assert described == {
        ("releases", "'ocid' is missing but required"),
        ("releases/contracts/buyer", "'buyer' is not a JSON object"),
    }
    assert result["additional_closed_codelist_values"]["releases/tag"]["values"] == ["notATag"]
