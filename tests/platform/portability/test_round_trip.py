"""Export → import into an EMPTY installation → export again: the same content, nothing lost.

Committed: the second installation is another database, reached by connections of its own.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text

from samverka.platform.cli import main
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.storage import document_store
from samverka.platform.needs.models import Need
from tests.platform.delivery.factories import CONTRACT_PDF, DPA_PDF
from tests.platform.needs.support import register_need
from tests.platform.portability.factories import comparable, data, empty_installation, export_now, rich_tenant, unzip
from tests.support.embedded import embedded_settings

pytestmark = pytest.mark.committed


def test_export_import_export_gives_the_same_content(app, world, tmp_path):
    a = world[0]
    rich_tenant(app, world)
    first = export_now(app, a.tenant_id)
    # The same installation moved to new hardware: its address, which the OCDS names, stays.
    with empty_installation(tmp_path, public_url=app.config["PUBLIC_URL"]) as installation:
        loaded = installation.load(first)
        second = export_now(installation.app, a.tenant_id)
        with installation.app.app_context():
            bind_principal(db.session, Principal.system("test: read the import"))
            titles = set(db.session.scalars(select(Need.title)))
            paper = data(second, "delivered_documents")[0]
            stored = document_store().get(paper["storage_key"])
            fresh_id = db.session.scalar(select(func.nextval("needs_id_seq")))
    assert loaded.tenant_id == a.tenant_id and loaded.files >= 1
    one, two = unzip(first), unzip(second)
    assert comparable(one) == comparable(two)
    assert json.loads(two["ocds/joint-procurements.json"])["releases"]  # kept by the import: none to build it from
    assert titles == {"Nytt sak- og arkivsystem"}
    assert hashlib.sha256(stored).hexdigest() == paper["sha256"] and stored in (CONTRACT_PDF, DPA_PDF)
    assert fresh_id > max(row["id"] for row in data(first, "needs"))
    # What the rich tenant holds came along: the need's history, its benefit line, its own contract, its papers,
    # its signature of the data processing agreement (the sealed evidence as stored, the signed PDF's bytes).
    kept = (
        "need_events",
        "benefit_lines",
        "benefit_measurements",
        "contracts",
        "delivered_documents",
        "dpa_signatures",
        "maintenance_lines",
    )
    for table in kept:
        assert data(second, table), table
    imported = data(second, "audit_events")
    assert [event["action"] for event in imported] == ["tenant.imported"]


def test_the_archive_holds_nothing_of_another_municipality(app, world):
    a, b = world[0], world[1]
    rich_tenant(app, world)
    files = unzip(export_now(app, a.tenant_id))
    everything = b"".join(files.values())
    assert b"Tokke" not in everything and b"Tokkes eget behov" not in everything
    for path, content in files.items():
        if path.startswith("data/") and path != "data/tenants.json":
            for row in json.loads(content):
                assert row.get("tenant_id") in (None, a.tenant_id), path
    assert {row["id"] for row in json.loads(files["data/tenants.json"])} == {a.tenant_id}
    assert b.people["it"].user_id not in {row["id"] for row in json.loads(files["data/users.json"])}


def test_the_command_loads_an_archive_and_refuses_a_truncated_one(app, world, tmp_path):
    a = world[0]
    register_need(app, a.people["it"], a.tenant_id, with_line=True)
    content = export_now(app, a.tenant_id)
    (tmp_path / "export.zip").write_bytes(content)
    (tmp_path / "truncated.zip").write_bytes(content[:-200])
    with empty_installation(tmp_path) as installation:
        env = {
            "DATABASE_URL": installation.app.config["SQLALCHEMY_DATABASE_URI"],
            "DATABASE_OWNER_URL": installation.owner_url,
            "SYSTEM_DATABASE_URL": installation.app.config["SYSTEM_DATABASE_URL"],
            "DOCUMENT_DIR": str(tmp_path / "documents"),
            "SAMVERKA_INSTANCE": str(tmp_path / "instance"),
            "SIGNING_DEV_DIR": str(tmp_path / "signing"),
        }
        runner = CliRunner()
        refused = runner.invoke(main, ["tenant", "import", str(tmp_path / "truncated.zip")], env=env)
        assert refused.exit_code == 1 and "truncated" in refused.output
        assert export_rows(installation.app, Need) == 0
        done = runner.invoke(main, ["tenant", "import", str(tmp_path / "export.zip")], env=env)
        assert done.exit_code == 0, done.output
        assert "imported Kongsberg" in done.output
        assert export_rows(installation.app, Need) == len(data(content, "needs"))
        again = runner.invoke(main, ["tenant", "import", str(tmp_path / "export.zip")], env=env)
        assert again.exit_code == 1 and "not empty" in again.output


def export_rows(app, model) -> int:
    with app.app_context():
        bind_principal(db.session, Principal.system("test: count"))
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_command_loads_an_archive_into_an_empty_installation_on_the_embedded_default(app, world, tmp_path):
    """`make demo`'s installation is SQLite: the import ends there too, and the next need gets a new id."""
    a = world[0]
    register_need(app, a.people["it"], a.tenant_id, with_line=True)
    content = export_now(app, a.tenant_id)
    (tmp_path / "export.zip").write_bytes(content)
    env = embedded_settings(tmp_path)
    database = env["DATABASE_URL"]
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    done = runner.invoke(main, ["tenant", "import", str(tmp_path / "export.zip")], env=env)
    assert done.exit_code == 0, done.output
    assert "imported Kongsberg" in done.output
    engine = create_engine(database)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM needs ORDER BY id")).scalars().all()
    engine.dispose()
    assert ids == sorted(row["id"] for row in data(content, "needs"))
