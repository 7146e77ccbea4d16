"""Signing through the real development e-ID provider, as a chief executive's browser would."""

from __future__ import annotations

from urllib.parse import urlparse

from sqlalchemy import func, select

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.signatures.models import DpaSignature
from tests.support.forms import csrf_from
from tests.support.login import provider_redirect


def start_signing(client, procurement_id: int, *, tenant_id: int, version: int, sha256: str):
    data = {"csrf_token": csrf_from(client, "/"), "tenant_id": tenant_id, "version": version, "sha256": sha256}
    return client.post(f"/procurements/{procurement_id}/dpa/sign", data=data)


def come_back(client, authorize_url: str, pid: str, acr: str):
    """Sign in at the provider as ``pid`` at ``acr``; the app's answer to the callback."""
    callback = urlparse(provider_redirect(authorize_url, pid, acr))
    return client.get(f"{callback.path}?{callback.query}")


def sign(client, person, procurement_id: int, *, tenant_id: int, version: int, sha256: str, acr: str, pid=None):
    """The whole ceremony: "Sign", the e-ID sign-in, the callback. Returns the callback's response."""
    started = start_signing(client, procurement_id, tenant_id=tenant_id, version=version, sha256=sha256)
    assert started.status_code == 302, started.get_data(as_text=True)[:500]
    return come_back(client, started.headers["Location"], pid or person.pid, acr)


def signature_count(app, procurement_id: int) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: count signatures"))
        return db.session.scalar(
            select(func.count()).select_from(DpaSignature).where(DpaSignature.procurement_id == procurement_id)
        )
