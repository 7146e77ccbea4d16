"""Fixtures for the job tests: the test Redis database, the app with REDIS_URL, invitations, a worker."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.tenants.models import Invitation
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import INVITEE_EMAIL, worker_process


@pytest.fixture
def queued_app(app, redis_url):
    """The test app with REDIS_URL set, so that jobs go to RQ instead of running in-process."""
    app.extensions.pop("samverka.redis", None)
    app.config["REDIS_URL"] = redis_url
    yield app
    app.config["REDIS_URL"] = None
    connection = app.extensions.pop("samverka.redis", None)
    if connection is not None:
        connection.close()


@pytest.fixture
def invite(app, tenant_a) -> Callable[..., int]:
    """Have region A's coordinator invite a new IT coordinator to tenant A; returns the invitation id."""

    def create(*, commit: bool = True) -> int:
        with app.app_context():
            coordinator = load_principal(db.session, tenant_a.people["coordinator"].user_id)
            invitation = create_invitation(
                db.session,
                coordinator,
                email=INVITEE_EMAIL,
                name="Nora Nyansatt",
                role=Role.IT_COORDINATOR,
                scope_id=tenant_a.tenant_id,
            )
            invitation_id = invitation.id
            if commit:
                db.session.commit()
            else:
                db.session.rollback()
        return invitation_id

    return create


@pytest.fixture
def load_invitation(app) -> Callable[[int], Invitation | None]:
    """Read an invitation afresh, as the system (detached, for assertions)."""

    def load(invitation_id: int) -> Invitation | None:
        with app.app_context():
            bind_principal(db.session, Principal.system("test assertions"))
            invitation = db.session.get(Invitation, invitation_id)
            if invitation is not None:
                db.session.expunge(invitation)
            return invitation

    return load


@pytest.fixture(params=[(), ("--no-fork",)], ids=["work-horse", "no-fork"])
def worker(queued_app, tmp_path, request):
    """A real ``samverka worker`` process on the test database, Redis and SMTP server (each job in a forked
    work horse, and in the worker process itself)."""
    with worker_process(queued_app, tmp_path, *request.param) as process:
        yield process
