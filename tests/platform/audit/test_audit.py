"""The hash-chained audit log: every change recorded, tampering found and named."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.audit.models import AuditEvent
from samverka.platform.audit.services import verify_chain
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.services import directory
from samverka.tenants.services.principals import load_principal


def _make_changes(app, operator):
    with app.app_context():
        principal = load_principal(db.session, operator.user_id, stepped_up=True)
        region = directory.create_region(db.session, principal, name="Midt-Telemark", currency="NOK")
        directory.create_tenant(
            db.session,
            principal,
            region_ids=[region.id],
            name="Bø",
            country="NO",
            municipality_number="4020",
            organisation_number="964963738",
            population=10000,
        )
        db.session.commit()


def _alter_second_event(databases):
    engine = create_engine(databases.superuser_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET summary = :s WHERE seq = 2"), {"s": '{"name": "forged"}'})
    engine.dispose()


def test_each_change_writes_one_linked_event(app, operator):
    _make_changes(app, operator)
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert [e.action for e in events] == ["region.create", "tenant.create"]
        assert events[1].prev_hash == events[0].hash
        assert events[0].actor_user_id == operator.user_id
        assert verify_chain(db.session).ok


def test_verify_names_the_first_altered_event(app, operator, databases):
    _make_changes(app, operator)
    _alter_second_event(databases)
    with app.app_context():
        result = verify_chain(db.session)
    assert not result.ok and result.broken_seq == 2 and "hash" in result.reason


def test_verify_command_fails_after_tampering(app, operator, databases):
    _make_changes(app, operator)
    env = {
        **os.environ,
        "DATABASE_URL": databases.app_url,
        "SYSTEM_DATABASE_URL": databases.system_url or "",
        "SECRET_KEY": app.config["SECRET_KEY"],
    }
    command = [sys.executable, "-m", "samverka.platform.cli", "audit", "verify"]
    intact = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert intact.returncode == 0 and "2 events" in intact.stdout
    _alter_second_event(databases)
    broken = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert broken.returncode == 1 and "seq=2" in broken.stderr


@pytest.mark.committed
@pytest.mark.postgres
def test_application_role_cannot_rewrite_history(app, operator):
    _make_changes(app, operator)
    from tests.support import services

    engine = create_engine(services.app_url())
    with engine.connect() as conn:
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("UPDATE audit_events SET action = 'x'"))
        conn.rollback()
        with pytest.raises(Exception, match="permission denied"):
            conn.execute(text("DELETE FROM audit_events"))
    engine.dispose()
