"""The coordinator publishes a procurement and withdraws it: audited; nobody else may; another region's is a 404
that changes nothing; the database itself refuses another region's row."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from samverka.platform.audit.models import AuditEvent
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.publication.models import ProcurementPublication
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_procurement
from tests.platform.publication.factories import publish, withdraw
from tests.support import services as test_services
from tests.support.api import count_rows
from tests.support.forms import csrf_from
from tests.support.login import sign_in
from tests.support.rls import scope_connection


def _publication(app, procurement_id: int) -> ProcurementPublication | None:
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        found = db.session.scalar(
            select(ProcurementPublication).where(ProcurementPublication.procurement_id == procurement_id)
        )
        db.session.expunge_all()
        return found


def _actions(app) -> list[str]:
    """The publication's audit events, oldest first."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        stmt = select(AuditEvent.action).where(AuditEvent.action.like("procurement.publi%"))
        return list(db.session.scalars(stmt.order_by(AuditEvent.seq)))


def _post(client, procurement_id: int, path: str = ""):
    token = csrf_from(client, f"/procurements/{procurement_id}")
    return client.post(f"/procurements/{procurement_id}/publication{path}", data={"csrf_token": token})


def test_the_coordinator_publishes_and_withdraws_and_both_are_audited(app, client, tenant_a):
    procurement_id = make_procurement(app, tenant_a).procurement_id
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie("samverka_lang", "en")

    page = client.get(f"/procurements/{procurement_id}").get_data(as_text=True)
    assert "Publish as open contracting data" in page and "Never published: anyone's name, e-mail" in page
    answer = _post(client, procurement_id)
    assert answer.status_code == 302
    published = _publication(app, procurement_id)
    assert published.withdrawn_at is None and published.published_by_id == tenant_a.people["coordinator"].user_id
    assert client.get(f"/ocds/procurements/ocds-smvka1-{procurement_id}/releases.json").status_code == 200
    assert "Withdraw the publication" in client.get(f"/procurements/{procurement_id}").get_data(as_text=True)

    assert _post(client, procurement_id, "/withdrawal").status_code == 302
    assert _publication(app, procurement_id).withdrawn_at is not None
    assert client.get(f"/ocds/procurements/ocds-smvka1-{procurement_id}/releases.json").status_code == 404
    assert _actions(app)[-2:] == ["procurement.published", "procurement.publication_withdrawn"]

    assert _post(client, procurement_id).status_code == 302  # published again
    assert _publication(app, procurement_id).withdrawn_at is None


def test_publishing_twice_or_withdrawing_what_is_not_published_changes_nothing(app, client, tenant_a):
    procurement_id = make_procurement(app, tenant_a).procurement_id
    sign_in(client, tenant_a.people["coordinator"])
    client.set_cookie("samverka_lang", "en")
    assert _post(client, procurement_id, "/withdrawal").status_code == 302
    assert _publication(app, procurement_id) is None
    publish(app, tenant_a, procurement_id)
    before = (_publication(app, procurement_id).published_at, len(_actions(app)))
    answer = _post(client, procurement_id)
    assert "The procurement is already published." in client.get(answer.location).get_data(as_text=True)
    assert (_publication(app, procurement_id).published_at, len(_actions(app))) == before


@pytest.mark.parametrize("who", ["it", "chief", "partner"])
def test_nobody_but_the_coordinator_publishes(app, client, tenant_a, who):
    procurement_id = make_procurement(app, tenant_a).procurement_id
    sign_in(client, tenant_a.people[who])
    token = csrf_from(client, "/")
    for path in ("", "/withdrawal"):
        answer = client.post(f"/procurements/{procurement_id}/publication{path}", data={"csrf_token": token})
        assert answer.status_code in (403, 404), (who, path)
    assert count_rows(app, ProcurementPublication) == 0


def test_another_regions_coordinator_gets_a_404_and_nothing_changes(app, client, tenant_a, tenant_b):
    procurement_id = make_procurement(app, tenant_a).procurement_id
    publish(app, tenant_a, procurement_id)
    before = (_publication(app, procurement_id).published_at, len(_actions(app)))
    sign_in(client, tenant_b.people["coordinator"])
    token = csrf_from(client, "/")
    for path in ("", "/withdrawal"):
        answer = client.post(f"/procurements/{procurement_id}/publication{path}", data={"csrf_token": token})
        assert answer.status_code == 404, path
        assert "Kongsberg" not in answer.get_data(as_text=True)
    found = _publication(app, procurement_id)
    assert (found.published_at, len(_actions(app))) == before and found.withdrawn_at is None


def test_the_panel_shows_members_only_what_is_published(app, client, tenant_a):
    procurement_id = make_procurement(app, tenant_a).procurement_id
    sign_in(client, tenant_a.people["it"])
    client.set_cookie("samverka_lang", "en")
    assert "publication-panel-heading" not in client.get(f"/procurements/{procurement_id}").get_data(as_text=True)
    publish(app, tenant_a, procurement_id)
    page = client.get(f"/procurements/{procurement_id}").get_data(as_text=True)
    assert f"/ocds/procurements/ocds-smvka1-{procurement_id}/record.json" in page
    assert "Withdraw the publication" not in page


@pytest.mark.postgres
@pytest.mark.committed
def test_in_raw_sql_the_app_role_writes_no_other_regions_publication_and_reads_no_withdrawn_one(
    app, tenant_a, tenant_b
):
    published_id = make_procurement(app, tenant_a, title="Publisert").procurement_id
    withdrawn_id = make_procurement(app, tenant_a, title="Trukket").procurement_id
    for procurement_id in (published_id, withdrawn_id):
        publish(app, tenant_a, procurement_id)
    withdraw(app, tenant_a, withdrawn_id)
    engine = create_engine(test_services.app_url())
    seen = {}
    try:
        for name, person in (("b", tenant_b.people["coordinator"]), ("a", tenant_a.people["coordinator"])):
            with app.app_context():
                principal = load_principal(db.session, person.user_id)
            with engine.connect() as conn, conn.begin():
                scope_connection(conn, principal)
                seen[name] = conn.execute(text("SELECT count(*) FROM procurement_publications")).scalar()
                seen[f"{name} updated"] = conn.execute(
                    text("UPDATE procurement_publications SET withdrawn_at = now()")
                ).rowcount
                seen[f"{name} deleted"] = conn.execute(text("DELETE FROM procurement_publications")).rowcount
                conn.rollback()
        with app.app_context():
            b_coordinator = load_principal(db.session, tenant_b.people["coordinator"].user_id)
        with engine.connect() as conn, conn.begin():
            scope_connection(conn, b_coordinator)
            with pytest.raises(Exception, match="row-level security"):
                conn.execute(
                    text(
                        "INSERT INTO procurement_publications (procurement_id, region_id, published_at) "
                        "VALUES (:p, :r, now())"
                    ),
                    {"p": published_id, "r": tenant_a.region_id},
                )
    finally:
        engine.dispose()
    # Region B sees only what is published (public); region A's coordinator sees its withdrawn one too.
    assert seen == {"b": 1, "b updated": 0, "b deleted": 0, "a": 2, "a updated": 2, "a deleted": 0}
