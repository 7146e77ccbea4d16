"""The team: who may be assigned, each role writes only its own section, and a team role opens one procurement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samverka.platform.core.errors import Forbidden, NotFound, Refused
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.models import Need
from samverka.platform.requirements.models import RequirementSection
from samverka.platform.requirements.services import sections, team
from samverka.tenants.models import TeamMember
from samverka.tenants.services.principals import load_principal
from tests.platform.procurements.factories import make_procurement
from tests.platform.requirements.factories import add_team_partner, assign, make_team_world
from tests.support.api import count_rows


def test_coordinator_assigns_a_participant_and_a_partner(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        procurement = team.access_team_procurement(db.session, principal, world.procurement_id)
        members = team.team_of(db.session, procurement)
        assert [(m.role, m.user_id) for m in members] == [
            ("it_architecture", tenant_a.people["partner"].user_id),
            ("user_representative", tenant_a.people["it"].user_id),
        ]
        assert members[0].partner_id == tenant_a.partner_id and members[1].tenant_id == tenant_a.tenant_id


def test_a_person_of_a_municipality_that_does_not_take_part_is_refused(app, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    with app.app_context():
        principal = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        with pytest.raises(Refused) as refused:
            team.assign(
                db.session, principal, world.procurement_id, user_id=tenant_b.people["it"].user_id, role="archive"
            )
        assert "user_id" in refused.value.errors
        db.session.rollback()
        # A partner is no user representative: those come from participating municipalities.
        with pytest.raises(Refused):
            team.assign(
                db.session,
                principal,
                world.procurement_id,
                user_id=tenant_a.people["partner"].user_id,
                role="user_representative",
            )
        db.session.rollback()
    assert count_rows(app, TeamMember) == 0


def test_a_municipal_user_cannot_assign_and_another_region_sees_nothing(app, tenant_a, tenant_b):
    world = make_team_world(app, tenant_a)
    with app.app_context():
        it = load_principal(db.session, tenant_a.people["it"].user_id)
        with pytest.raises((Forbidden, NotFound)):
            team.assign(db.session, it, world.procurement_id, user_id=tenant_a.people["it"].user_id, role="archive")
        db.session.rollback()
        other = load_principal(db.session, tenant_b.people["coordinator"].user_id)
        with pytest.raises(NotFound):
            team.access_team_procurement(db.session, other, world.procurement_id)


def test_each_role_writes_only_its_own_section(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    with app.app_context():
        rep = load_principal(db.session, tenant_a.people["it"].user_id)
        sections.save_section(db.session, rep, world.procurement_id, "user_representative", text="Behov", status="done")
        db.session.commit()
        with pytest.raises(Forbidden):
            sections.save_section(db.session, rep, world.procurement_id, "it_architecture", text="x", status="done")
        db.session.rollback()
        coordinator = load_principal(db.session, tenant_a.people["coordinator"].user_id)
        with pytest.raises(Forbidden):
            sections.save_section(
                db.session, coordinator, world.procurement_id, "user_representative", text="x", status="in_progress"
            )
        db.session.rollback()
        architect = load_principal(db.session, tenant_a.people["partner"].user_id)
        procurement = team.access_team_procurement(db.session, architect, world.procurement_id)
        found = sections.sections_of(db.session, procurement)
        assert sections.section_status(found[team.TeamRole.USER_REPRESENTATIVE]) == "done"
        assert found[team.TeamRole.USER_REPRESENTATIVE].text == "Behov"
    assert count_rows(app, RequirementSection) == 1


def test_done_needs_text(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    with app.app_context():
        rep = load_principal(db.session, tenant_a.people["it"].user_id)
        with pytest.raises(Refused):
            sections.save_section(db.session, rep, world.procurement_id, "user_representative", text=" ", status="done")


def test_a_partner_on_one_team_reads_that_procurement_and_no_other_team(app, tenant_a):
    world = make_team_world(app, tenant_a)
    other = make_procurement(app, tenant_a, title="Velferdsteknologi")
    architect = add_team_partner(app, tenant_a, "kikt_architect", "10017012344")
    assign(app, tenant_a, world.procurement_id, architect, "it_architecture")
    with app.app_context():
        bind_principal(db.session, Principal.system("test fixtures"))
        db.session.add(
            RequirementSection(procurement_id=other.procurement_id, region_id=tenant_a.region_id, role="archive")
        )
        db.session.commit()
        principal = load_principal(db.session, architect.user_id)
        assert principal.ids("procurement:read") == {world.procurement_id}
        assert team.access_team_procurement(db.session, principal, world.procurement_id).id == world.procurement_id
        with pytest.raises((NotFound, Forbidden)):
            team.access_team_procurement(db.session, principal, other.procurement_id)
        assert db.session.scalars(select(RequirementSection)).all() == []
        assert db.session.scalars(select(Need)).all() == []
