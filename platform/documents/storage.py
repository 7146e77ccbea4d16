"""Where document bytes are kept: one small interface, a folder by default, an S3-compatible store in production.

``DOCUMENT_STORAGE`` chooses: ``local`` (default; ``DOCUMENT_DIR``, default ``instance/documents``: the demo
and the tests) or ``s3`` (``DOCUMENT_S3_BUCKET``, ``DOCUMENT_S3_ENDPOINT`` for a store other than AWS,
``DOCUMENT_S3_REGION``; credentials come from boto3's own sources, e.g. ``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY`` in the environment, never from the repository). ``DOCUMENT_MAX_MB`` (default 25)
is the largest document accepted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

_KEY = re.compile(r"^[a-z0-9/]{1,200}$")


class DocumentStore(Protocol):
    def put(self, key: str, content: bytes, media_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def _checked(key: str) -> str:
    """Keys are made by the service (ids and random hex); anything else would be a path out of the store."""
    if not _KEY.match(key) or ".." in key or key.startswith("/"):
        raise ValueError(f"not a document key: {key!r}")
    return key


class LocalStore:
    """A folder on the server's disk."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def put(self, key: str, content: bytes, media_type: str) -> None:
        path = self.root / _checked(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def get(self, key: str) -> bytes:
        return (self.root / _checked(key)).read_bytes()

    def delete(self, key: str) -> None:
        (self.root / _checked(key)).unlink(missing_ok=True)


class S3Store:
    """A bucket of an S3-compatible object store (AWS S3, MinIO, Ceph, ...), through boto3."""

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region_name: str | None = None):
        import boto3  # only a production with an object store needs it loaded

        self.bucket = bucket
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region_name or None)

    def put(self, key: str, content: bytes, media_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=_checked(key), Body=content, ContentType=media_type)

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=_checked(key))["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=_checked(key))


def init_app(app: Flask) -> None:
    """The document settings, from the environment unless the app was given them."""
    env = os.environ.get
    app.config.setdefault("DOCUMENT_STORAGE", env("DOCUMENT_STORAGE", "local"))
    app.config.setdefault("DOCUMENT_DIR", env("DOCUMENT_DIR") or os.path.join(app.instance_path, "documents"))
    app.config.setdefault("DOCUMENT_S3_BUCKET", env("DOCUMENT_S3_BUCKET"))
    app.config.setdefault("DOCUMENT_S3_ENDPOINT", env("DOCUMENT_S3_ENDPOINT"))
    app.config.setdefault("DOCUMENT_S3_REGION", env("DOCUMENT_S3_REGION"))
    app.config.setdefault("DOCUMENT_MAX_BYTES", int(env("DOCUMENT_MAX_MB", "25")) * 1024 * 1024)
    if app.config["DOCUMENT_STORAGE"] not in ("local", "s3"):
        raise RuntimeError("DOCUMENT_STORAGE must be 'local' or 's3'")
    if app.config["DOCUMENT_STORAGE"] == "s3" and not app.config["DOCUMENT_S3_BUCKET"]:
        raise RuntimeError("DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET")
    app.extensions["document_store"] = _store(app.config)


def _store(config) -> DocumentStore:
    if config["DOCUMENT_STORAGE"] == "s3":
        return S3Store(
            config["DOCUMENT_S3_BUCKET"],
            endpoint_url=config["DOCUMENT_S3_ENDPOINT"],
            region_name=config["DOCUMENT_S3_REGION"],
        )
    return LocalStore(config["DOCUMENT_DIR"])


def document_store() -> DocumentStore:
    return current_app.extensions["document_store"]


def max_bytes() -> int:
    return current_app.config["DOCUMENT_MAX_BYTES"]
