"""The S3-compatible document store, against a real S3 API served locally over HTTP (moto's server mode).

boto3 talks HTTP to the server exactly as it would to an object store in production; nothing is mocked
inside boto3.
"""

from __future__ import annotations

import socket

import boto3
import pytest
from flask import Flask
from moto.server import ThreadedMotoServer

from samverka.platform.documents import storage

BUCKET = "samverka-documents"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_env(monkeypatch, s3_endpoint):
    # Credentials come from the environment, as in production; these only reach the local server.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local-test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local-test-secret")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-north-1")
    if BUCKET not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    return s3_endpoint


def test_put_get_delete_round_trip_over_http(s3_env):
    store = storage.S3Store(BUCKET, endpoint_url=s3_env, region_name="eu-north-1")
    store.put("procurements/1/abc123", b"%PDF-1.7 innhold", "application/pdf")
    assert store.get("procurements/1/abc123") == b"%PDF-1.7 innhold"
    head = store.client.head_object(Bucket=BUCKET, Key="procurements/1/abc123")
    assert head["ContentType"] == "application/pdf"
    store.delete("procurements/1/abc123")
    with pytest.raises(store.client.exceptions.NoSuchKey):
        store.get("procurements/1/abc123")


def test_the_app_uses_the_object_store_when_configured(s3_env, tmp_path):

    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(DOCUMENT_STORAGE="s3", DOCUMENT_S3_BUCKET=BUCKET, DOCUMENT_S3_ENDPOINT=s3_env)
    app.config["DOCUMENT_S3_REGION"] = "eu-north-1"
    storage.init_app(app)
    with app.app_context():
        storage.document_store().put("procurements/2/def456", b"tekst", "text/plain")
        assert storage.document_store().get("procurements/2/def456") == b"tekst"


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "procurements/1/../../x", "Upper"])
def test_keys_never_leave_the_store(tmp_path, key):
    with pytest.raises(ValueError):
        storage.LocalStore(tmp_path).put(key, b"x", "text/plain")


def test_s3_without_a_bucket_refuses_to_start(tmp_path):

    app = Flask(__name__, instance_path=str(tmp_path))
    app.config["DOCUMENT_STORAGE"] = "s3"
    app.config["DOCUMENT_S3_BUCKET"] = None
    with pytest.raises(RuntimeError, match="DOCUMENT_S3_BUCKET"):
        storage.init_app(app)
