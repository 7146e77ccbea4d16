"""A rich municipality to export, an export of it, and a second, EMPTY installation to load an archive into."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import create_engine, text

from samverka.platform.app import create_app
from samverka.platform.benefits.services.recording import Value, record_measurement
from samverka.platform.core.extensions import db
from samverka.platform.core.migrate import upgrade
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.portability import services
from samverka.platform.portability.catalogue import NOT_LOADED
from samverka.platform.portability.exporting import build_archive
from samverka.platform.portability.importing import advance_sequences, import_archive
from samverka.tenants.services.principals import load_principal
from tests.platform.benefits.factories import DELIVERED_ON, delivered_with_benefits
from tests.platform.contracts.support import make_contract
from tests.platform.needs.support import register_need
from tests.platform.publication.factories import publish
from tests.platform.signatures.factories import make_dpa_objects
from tests.support import services as test_services


def rich_tenant(app, world) -> None:
    """Kongsberg (region A) with a need and its history and benefit plan, an own contract, and the signed papers
    of a delivered procurement with its benefit plans in follow-up and a measurement, a signed DPA; Tokke (region B)
    with a need of its own that must never show up in it."""
    register_need(app, world[0].people["it"], world[0].tenant_id, with_line=True, submit_to=[world[0].region_id])
    make_contract(app, tenant_id=world[0].tenant_id, title="Kongsbergs egen lønnsavtale")
    follow_up = delivered_with_benefits(app, world[0])  # delivered, its papers, benefit plans in follow-up
    publish(app, world[0], follow_up.procurement_id)  # its open contracting data travels in the archive
    _measure(app, world[0], follow_up.lines["money"])
    make_dpa_objects(app, world[0])  # Kongsberg's chief executive signs a DPA through e-ID
    register_need(app, world[1].people["it"], world[1].tenant_id, title="Tokkes eget behov", with_line=True)


def _measure(app, world, line_id: int) -> None:
    """Kongsberg's IT coordinator records what the line realised in its first quarter."""
    with app.app_context():
        principal = load_principal(db.session, world.people["it"].user_id)
        bind_principal(db.session, principal)
        record_measurement(
            db.session,
            principal,
            line_id,
            DELIVERED_ON.replace(day=1),
            Value(amount=Decimal("42000")),
            comment="Lisens sagt opp",
            measured_by="Økonomisjefen",
        )
        db.session.commit()


def make_export(app, world) -> int:
    """An export of the world's municipality asked for by its IT coordinator (the job runs after the commit)."""
    with app.app_context():
        principal = load_principal(db.session, world.people["it"].user_id)
        export = services.start_export(db.session, principal, world.tenant_id)
        db.session.commit()
        return export.id


def export_now(app, tenant_id: int) -> bytes:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: export"))
        return build_archive(db.session, tenant_id)


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def data(content: bytes, table: str) -> list[dict]:
    return json.loads(unzip(content)[f"data/{table}.json"])


@dataclass
class Installation:
    app: object
    owner_url: str

    def load(self, content: bytes):
        with self.app.app_context():
            principal = Principal.system("test: tenant import")
            bind_principal(db.session, principal)
            loaded = import_archive(db.session, principal, content)
            db.session.commit()
        engine = create_engine(self.owner_url)
        with engine.begin() as connection:
            advance_sequences(connection, loaded.last_ids)
        engine.dispose()
        return loaded


@contextmanager
def empty_installation(tmp_path, name: str = "import", public_url: str | None = None):
    """A second database, migrated and empty, and an app on it (its own document folder).

    ``public_url``: the address the installation is reached at, which its open contracting data names."""
    database = f"{test_services.TEST_DB}_{name}"
    admin = create_engine(test_services._sqlalchemy(test_services.ADMIN_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {database} OWNER {test_services.OWNER_ROLE}"))
    url = lambda role: test_services._sqlalchemy(f"postgresql://{role}@{test_services._host_part()}/{database}")  # noqa: E731
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url(test_services.APP_ROLE),
            "DATABASE_OWNER_URL": url(test_services.OWNER_ROLE),
            "SYSTEM_DATABASE_URL": url(test_services.SYSTEM_ROLE),
            "SECRET_KEY": "test-secret-key-for-the-test-suite-only",
            "IDENTITY_HASH_KEY": "test-identity-key-for-the-test-suite-only",
            "TESTING": True,
            "REDIS_URL": None,
            "DOCUMENT_DIR": str(tmp_path / "documents"),
            "SIGNING_DEV_DIR": str(tmp_path / "signing"),
            **({"PUBLIC_URL": public_url} if public_url else {}),
        }
    )
    upgrade(app)
    try:
        yield Installation(app, url(test_services.OWNER_ROLE))
    finally:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        admin.dispose()


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """Everything but the manifest (its created_at differs) and the old installation's audit chain."""
    skipped = {"manifest.json"} | {f"data/{table}.json" for table in NOT_LOADED}
    return {path: content for path, content in files.items() if path not in skipped}
