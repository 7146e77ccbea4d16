"""Joint procurements and invitations to join: services, API, pages, mail and the tenancy walls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.exc import ProgrammingError

from samverka.platform.auth.identity import identity_hash
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import local_today
from samverka.platform.needs.models import Need
from samverka.platform.procurements import services
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed
from samverka.platform.procurements.tasks import send_deadline_reminders, send_join_invitation_email
from samverka.tenants.models import RoleAssignment, User
from samverka.tenants.services.principals import load_principal
from tests.jobs.harness import mails_to, part
from tests.platform.procurements.factories import make_need, make_procurement
from tests.support import services as test_services
from tests.support.api import count_rows, field_errors, signed_in
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.rls import scope_connection
from tests.support.world import Person

KONGSBERG_IT = "kongsb_it@example.test"


def _load(app, invitation_id: int) -> JoinInvitation:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        invitation = db.session.get(JoinInvitation, invitation_id)
        db.session.expunge(invitation)
        return invitation


def _set_deadline(app, invitation_id: int, deadline) -> None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test set-up"))
        db.session.execute(update(JoinInvitation).where(JoinInvitation.id == invitation_id).values(deadline=deadline))
        db.session.commit()


# --- API: the coordinator creates and invites, the tenant answers ------------------------------


def test_coordinator_creates_invites_and_sees_the_answer(app, client, tenant_a, smtp_server):
    smtp_server.clear()
    api = signed_in(client, tenant_a.people["coordinator"])
    created = api.post(
        f"/api/v1/regions/{tenant_a.region_id}/procurements",
        {"title": "Sak- og arkivsystem", "category": "business_systems"},
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    procurement_id = created.get_json()["id"]
    deadline = (local_today("NO") + timedelta(days=10)).isoformat()

    invited = api.post(f"/api/v1/procurements/{procurement_id}/join-invitations", {"deadline": deadline})

    assert invited.status_code == 201
    assert {i["tenant_id"] for i in invited.get_json()} == {tenant_a.tenant_id, tenant_a.other_tenant_id}
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 1
    kongsberg = next(i for i in invited.get_json() if i["tenant_id"] == tenant_a.tenant_id)

    need_id = make_need(app, tenant_a.tenant_id, "Nytt sak- og arkivsystem")
    tenant_api = signed_in(app.test_client(), tenant_a.people["it"])
    assert [i["id"] for i in tenant_api.get("/api/v1/join-invitations").get_json()] == [kongsberg["id"]]
    answered = tenant_api.post(
        f"/api/v1/join-invitations/{kongsberg['id']}/answer",
        {"status": "joined", "comment": "Vi er med.", "need_id": need_id},
    )
    assert answered.status_code == 200, answered.get_data(as_text=True)
    assert (answered.get_json()["status"], answered.get_json()["need_id"]) == ("joined", need_id)
    assert count_rows(app, ProcurementNeed) == 1

    answers = api.get(f"/api/v1/procurements/{procurement_id}/join-invitations").get_json()
    assert {(a["tenant_id"], a["status"], a["comment"]) for a in answers} == {
        (tenant_a.tenant_id, "joined", "Vi er med."),
        (tenant_a.other_tenant_id, "pending", ""),
    }


def test_a_partner_reads_the_procurement_but_not_the_invitations(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    api = signed_in(client, tenant_a.people["partner"])

    assert api.get(f"/api/v1/procurements/{made.procurement_id}").status_code == 200
    assert api.get(f"/api/v1/join-invitations/{made.join_invitation_id}").status_code == 404
    assert (
        api.post(
            f"/api/v1/regions/{tenant_a.region_id}/procurements", {"title": "Nytt", "category": "telecom"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "x", "category": "business_systems"}, "title"),
        ({"title": "Sak og arkiv", "category": "furniture"}, "category"),
        ({"title": "Sak og arkiv", "category": "telecom", "budget": 1}, "budget"),
    ],
)
def test_bad_procurement_input_is_422_and_writes_nothing(app, client, tenant_a, body, field):
    api = signed_in(client, tenant_a.people["coordinator"])
    response = api.post(f"/api/v1/regions/{tenant_a.region_id}/procurements", body)
    assert field in field_errors(response)
    assert count_rows(app, JointProcurement) == 0


def test_a_past_deadline_or_a_tenant_outside_the_region_writes_nothing(app, client, tenant_a, tenant_b):
    made = make_procurement(app, tenant_a, tenant_ids=[tenant_a.tenant_id])
    api = signed_in(client, tenant_a.people["coordinator"])
    path = f"/api/v1/procurements/{made.procurement_id}/join-invitations"
    future = (local_today("NO") + timedelta(days=5)).isoformat()

    past = api.post(path, {"deadline": (local_today("NO") - timedelta(days=1)).isoformat()})
    assert "deadline" in field_errors(past)
    outsider = api.post(path, {"deadline": future, "tenant_ids": [tenant_b.tenant_id]})
    assert outsider.status_code == 404
    assert count_rows(app, JoinInvitation) == 1


def test_answering_after_the_deadline_is_refused_and_changes_nothing(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    _set_deadline(app, made.join_invitation_id, local_today("NO") - timedelta(days=1))
    api = signed_in(client, tenant_a.people["it"])

    response = api.post(f"/api/v1/join-invitations/{made.join_invitation_id}/answer", {"status": "joined"})

    assert "deadline" in field_errors(response)
    assert _load(app, made.join_invitation_id).status == "pending"


def _flesberg_it(app, tenant_a) -> Person:
    """Flesberg's IT coordinator: the same region as Kongsberg, another municipality."""
    pid = "10017010021"
    with app.app_context():
        bind_principal(db.session, Principal.system("test set-up"))
        user = User(
            name="Lars Berg", email="lars@flesberg.test", eid_hash=identity_hash(pid, app.config["IDENTITY_HASH_KEY"])
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(RoleAssignment(user_id=user.id, role="it_coordinator", tenant_id=tenant_a.other_tenant_id))
        db.session.commit()
        return Person("flesberg_it", pid, user.id)


def test_flesberg_gets_404_for_kongsbergs_invitation_and_changes_nothing(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    api = signed_in(client, _flesberg_it(app, tenant_a))
    page = f"/join-invitations/{made.join_invitation_id}"

    for response in (
        api.get(page),
        api.get(f"/api/v1{page}"),
        api.post(page, {"status": "declined"}),
        api.post(f"/api/v1{page}/answer", {"status": "declined"}),
    ):
        assert response.status_code == 404
        assert "Sak- og arkivsystem" not in response.get_data(as_text=True)
    assert api.get("/api/v1/join-invitations").get_json() == []
    assert _load(app, made.join_invitation_id).status == "pending"


def test_a_chief_executive_reads_but_cannot_answer(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    api = signed_in(client, tenant_a.people["chief"])
    assert api.get(f"/api/v1/join-invitations/{made.join_invitation_id}").status_code == 200
    response = api.post(f"/api/v1/join-invitations/{made.join_invitation_id}/answer", {"status": "declined"})
    assert response.status_code == 403
    assert _load(app, made.join_invitation_id).status == "pending"


# --- Joining with a need ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"status": "joined"},
        {"status": "joined", "need_id": "flesberg"},
        {"status": "joined", "need_id": 987654},
    ],
    ids=["no-need", "neighbours-need", "missing-need"],
)
def test_joining_needs_one_of_the_tenants_own_needs(app, client, tenant_a, body):
    made = make_procurement(app, tenant_a)
    if body.get("need_id") == "flesberg":
        body = {**body, "need_id": make_need(app, tenant_a.other_tenant_id, "Flesbergs behov")}
    api = signed_in(client, tenant_a.people["it"])

    response = api.post(f"/api/v1/join-invitations/{made.join_invitation_id}/answer", body)

    assert "need_id" in field_errors(response)
    assert _load(app, made.join_invitation_id).status == "pending"
    assert count_rows(app, ProcurementNeed) == 0


def test_a_need_registered_on_the_spot_joins_and_declining_later_unlinks_it(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    api = signed_in(client, tenant_a.people["it"])
    path = f"/api/v1/join-invitations/{made.join_invitation_id}/answer"

    joined = api.post(path, {"status": "joined", "new_need_title": "Arkivløsning"})
    assert joined.status_code == 200, joined.get_data(as_text=True)
    assert count_rows(app, Need) == 1 and count_rows(app, ProcurementNeed) == 1

    declined = api.post(path, {"status": "declined", "comment": "Vi venter."})
    assert declined.status_code == 200 and declined.get_json()["need_id"] is None
    assert count_rows(app, ProcurementNeed) == 0


def test_create_from_needs_joins_the_submitted_needs(app, tenant_a):
    need_ids = [
        make_need(app, tenant, "Sak og arkiv", submit_to=tenant_a.region_id)
        for tenant in (tenant_a.tenant_id, tenant_a.other_tenant_id)
    ]
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        procurement = services.create_from_needs(
            db.session, principal, tenant_a.region_id, need_ids, title="Felles sak og arkiv", from_proposal_id=7
        )
        db.session.commit()
        assert procurement.category == "business_systems" and procurement.from_proposal_id == 7
        assert sorted(n.id for n in services.procurement_needs(db.session, procurement)) == need_ids
        assert {n.status for n in services.procurement_needs(db.session, procurement)} == {"joined"}


def test_create_from_needs_refuses_a_draft_it_cannot_read(app, tenant_a):
    draft_id = make_need(app, tenant_a.tenant_id, "Utkast")
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        with pytest.raises(services.NotFound):
            services.create_from_needs(db.session, principal, tenant_a.region_id, [draft_id], title="Felles")
        db.session.rollback()
    assert count_rows(app, JointProcurement) == 0


# --- Pages -------------------------------------------------------------------------------------


def test_coordinator_pages_create_and_invite(app, client, tenant_a, smtp_server):
    smtp_server.clear()
    sign_in(client, tenant_a.people["coordinator"])
    list_path = f"/regions/{tenant_a.region_id}/procurements"
    token = csrf_from(client, list_path)

    bad = client.post(list_path, data={"csrf_token": token, "title": "", "category": "business_systems"})
    assert bad.status_code == 422 and count_rows(app, JointProcurement) == 0
    created = client.post(
        list_path, data={"csrf_token": token, "title": "Velferdsteknologi", "category": "welfare_technology"}
    )
    assert created.status_code == 302
    detail = created.headers["Location"]
    assert "Velferdsteknologi" in client.get(detail).get_data(as_text=True)

    invite_path = detail + "/invitations"
    none_chosen = client.post(invite_path, data={"csrf_token": token, "deadline": "2099-01-31"})
    assert none_chosen.status_code == 422 and count_rows(app, JoinInvitation) == 0
    sent = client.post(
        invite_path, data={"csrf_token": token, "deadline": "2099-01-31", "tenant_ids": [str(tenant_a.tenant_id)]}
    )
    assert sent.status_code == 302
    assert "Kongsberg" in client.get(detail).get_data(as_text=True)
    assert len(mails_to(smtp_server, KONGSBERG_IT)) == 1


def test_the_it_coordinator_answers_on_the_page(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    sign_in(client, tenant_a.people["it"])
    client.set_cookie("samverka_lang", "en")
    listed = client.get("/invitations").get_data(as_text=True)
    assert "Sak- og arkivsystem" in listed and "Invitations to join a joint procurement" in listed
    assert client.get("/join-invitations?after=x").headers["Location"] == (
        "/invitations?join_after=x#join-invitations-heading"
    )
    path = f"/join-invitations/{made.join_invitation_id}"
    token = csrf_from(client, path)

    assert client.post(path, data={"csrf_token": token, "status": "maybe"}).status_code == 422
    assert client.post(path, data={"csrf_token": token, "status": "joined", "need_id": ""}).status_code == 422
    assert _load(app, made.join_invitation_id).status == "pending"
    assert client.post(path, data={"csrf_token": token, "status": "declined", "comment": "Ikke nå"}).status_code == 302
    assert _load(app, made.join_invitation_id).status == "declined"
    need_id = make_need(app, tenant_a.tenant_id, "Nytt arkiv")
    assert "Nytt arkiv" in client.get(path).get_data(as_text=True)
    joined = client.post(path, data={"csrf_token": token, "status": "joined", "need_id": str(need_id)})
    assert joined.status_code == 302
    assert _load(app, made.join_invitation_id).need_id == need_id


def test_the_page_refuses_an_answer_after_the_deadline(app, client, tenant_a):
    made = make_procurement(app, tenant_a)
    path = f"/join-invitations/{made.join_invitation_id}"
    sign_in(client, tenant_a.people["it"])
    token = csrf_from(client, path)
    _set_deadline(app, made.join_invitation_id, local_today("NO") - timedelta(days=1))

    assert client.post(path, data={"csrf_token": token, "status": "joined"}).status_code == 422
    assert _load(app, made.join_invitation_id).status == "pending"


# --- Mail --------------------------------------------------------------------------------------


def test_the_invitation_mail_goes_once_however_often_the_job_runs(app, tenant_a, smtp_server):
    smtp_server.clear()
    made = make_procurement(app, tenant_a)
    with app.app_context():
        send_join_invitation_email(made.join_invitation_id)
        send_join_invitation_email(made.join_invitation_id)

    [mail] = mails_to(smtp_server, KONGSBERG_IT)
    text_part = part(mail, "text/plain")
    assert "Sak- og arkivsystem" in text_part and f"/join-invitations/{made.join_invitation_id}" in text_part
    assert _load(app, made.join_invitation_id).emailed_at is not None


def test_the_reminder_goes_once_to_each_unanswered_invitation_in_the_window(app, tenant_a, smtp_server):
    soon = make_procurement(app, tenant_a, deadline=local_today("NO") + timedelta(days=2), title="Snart")
    make_procurement(app, tenant_a, deadline=local_today("NO") + timedelta(days=30), title="Senere")
    smtp_server.clear()
    with app.app_context():
        send_deadline_reminders()
        send_deadline_reminders()

    [reminder] = mails_to(smtp_server, KONGSBERG_IT)
    assert "Snart" in part(reminder, "text/plain")
    assert _load(app, soon.join_invitation_id).reminded_at is not None


# --- Row-level security ------------------------------------------------------------------------


@pytest.mark.committed
@pytest.mark.postgres
def test_raw_sql_shows_region_a_procurements_and_invitations_to_no_one_in_b(app, tenant_a, tenant_b):
    make_procurement(app, tenant_a)
    engine = create_engine(test_services.app_url())
    try:
        for person in tenant_b.people.values():
            with app.app_context():
                principal = load_principal(db.session, person.user_id)
            with engine.connect() as conn, conn.begin():
                scope_connection(conn, principal)
                for table in ("joint_procurements", "join_invitations", "procurement_needs"):
                    assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
                updated = conn.execute(text("UPDATE join_invitations SET status = 'declined'")).rowcount
                assert updated == 0
    finally:
        engine.dispose()


@pytest.mark.committed
@pytest.mark.postgres
def test_raw_sql_lets_the_invited_tenant_answer_but_never_invite(app, tenant_a):
    made = make_procurement(app, tenant_a)
    with app.app_context():
        kongsberg_it = load_principal(db.session, tenant_a.people["it"].user_id)
    engine = create_engine(test_services.app_url())
    try:
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, kongsberg_it)
            assert conn.execute(text("SELECT count(*) FROM joint_procurements")).scalar() == 1
            assert (
                conn.execute(
                    text("UPDATE join_invitations SET comment = 'ok' WHERE id = :i"), {"i": made.join_invitation_id}
                ).rowcount
                == 1
            )
            with pytest.raises(ProgrammingError, match="row-level security"):
                conn.execute(
                    text(
                        "INSERT INTO join_invitations (procurement_id, region_id, tenant_id, deadline, status, comment,"
                        " created_at) VALUES (:p, :r, :t, CURRENT_DATE, 'pending', '', now())"
                    ),
                    {"p": made.procurement_id, "r": tenant_a.region_id, "t": tenant_a.tenant_id},
                )
    finally:
        engine.dispose()
