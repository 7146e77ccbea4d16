"""Classification-driven requirements (each level 1–4), the library's versions, risks and the gates."""

from __future__ import annotations

import pytest

from samverka.platform.core.errors import Forbidden, Refused
from samverka.platform.core.extensions import db
from samverka.platform.procurements.gates import decided
from samverka.platform.requirements import gates
from samverka.platform.requirements.defaults import DEFAULT_LIBRARY
from samverka.platform.requirements.services import classification, drawing, library, risks, team
from samverka.tenants.services.principals import load_principal
from tests.platform.requirements.factories import assign, classify_need, finish_competition_gates, make_team_world
from tests.support.statements import counting_statements

SECURITY = [(key, aspect, level) for key, kind, aspect, level, _ in DEFAULT_LIBRARY if kind == "security"]
OTHER = {key for key, kind, *_ in DEFAULT_LIBRARY if kind != "security"}


def _as(tenant, key: str):
    return load_principal(db.session, tenant.people[key].user_id)


def _library_id(tenant, key: str) -> int:
    rows = library.current_library(db.session, tenant.region_id)
    return next(row.id for row in rows if row.key == key)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_a_procurement_draws_the_security_requirements_of_its_level(app, tenant_a, level):
    world = make_team_world(app, tenant_a)
    classify_need(app, world.need_id, confidentiality=level, integrity=level, availability=level, traceability=level)
    with app.app_context():
        coordinator = _as(tenant_a, "coordinator")
        drawn = drawing.draw(db.session, coordinator, world.procurement_id)
        db.session.commit()
        expected = {key for key, _aspect, at in SECURITY if at <= level} | OTHER
        assert {row.key for row in drawn} == expected
        assert all(row.version == 1 and row.title_nb and row.text_sv for row in drawn)


def test_the_highest_level_of_the_needs_counts_and_unclassified_is_two(app, tenant_a):
    world = make_team_world(app, tenant_a)
    with app.app_context():
        procurement = team.access_team_procurement(db.session, _as(tenant_a, "coordinator"), world.procurement_id)
        found = classification.classify(db.session, procurement)
        assert found.levels == dict.fromkeys(("confidentiality", "integrity", "availability", "traceability"), 2)
        assert found.unclassified_needs == 1 and not found.personal_data
    classify_need(app, world.need_id, personal_data=True, confidentiality=4, integrity=1)
    with app.app_context():
        procurement = team.access_team_procurement(db.session, _as(tenant_a, "coordinator"), world.procurement_id)
        found = classification.classify(db.session, procurement)
        assert (found.level("confidentiality"), found.level("integrity"), found.personal_data) == (4, 1, True)


def test_a_new_library_version_leaves_drawn_requirements_as_drawn(app, tenant_a):
    world = make_team_world(app, tenant_a)
    with app.app_context():
        coordinator = _as(tenant_a, "coordinator")
        drawing.draw(db.session, coordinator, world.procurement_id)
        texts = {name: f"Ny {name}" for name in library.TEXT_FIELDS}
        logging = _library_id(tenant_a, "logging")
        row = library.new_version(db.session, coordinator, tenant_a.region_id, logging, texts)
        db.session.commit()
        assert row.version == 2
        current = {r.key: r for r in library.current_library(db.session, tenant_a.region_id)}
        assert current["logging"].version == 2 and current["logging"].title_en == "Ny title_en"
        procurement = team.access_team_procurement(db.session, coordinator, world.procurement_id)
        drawn = {r.key: r for r in drawing.drawn_requirements(db.session, procurement)}
        assert drawn["logging"].version == 1 and drawn["logging"].title_en == "Logging and traceability"


def test_only_the_coordinator_edits_the_library(app, tenant_a):
    make_team_world(app, tenant_a)
    with app.app_context():
        texts = dict.fromkeys(library.TEXT_FIELDS, "x")
        with pytest.raises(Forbidden):
            library.new_version(
                db.session, _as(tenant_a, "it"), tenant_a.region_id, _library_id(tenant_a, "logging"), texts
            )


def _missing(app, tenant_a, world) -> list[tuple[str, str]]:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        procurement = team.access_team_procurement(db.session, _as(tenant_a, "coordinator"), world.procurement_id)
        return [(m.role, m.text) for m in gates.missing_for_competition(db.session, procurement)]


def test_the_competition_gate_says_what_is_missing_per_role_until_done(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    missing = _missing(app, tenant_a, world)
    assert ("user_representative", "The user representatives' section is not done.") in missing
    assert ("it_architecture", "The IT architecture section is not done.") in missing
    assert ("it_architecture", "The risk assessment is not done.") in missing
    assert ("purchaser", "Requirement not drawn from the library: Encryption in transit.") in missing
    assert not any(role == "data_protection_officer" for role, _ in missing)
    finish_competition_gates(app, tenant_a, world.procurement_id)
    assert _missing(app, tenant_a, world) == []


def test_personal_data_or_high_confidentiality_asks_for_the_dpo(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    assign(app, tenant_a, world.procurement_id, tenant_a.people["chief"], "data_protection_officer")
    finish_competition_gates(app, tenant_a, world.procurement_id)
    classify_need(app, world.need_id, personal_data=True)
    assert _missing(app, tenant_a, world) == [
        ("data_protection_officer", "The data protection officer's section is not done.")
    ]
    classify_need(app, world.need_id, confidentiality=3)
    missing = _missing(app, tenant_a, world)
    assert ("data_protection_officer", "The data protection officer's section is not done.") in missing
    assert ("purchaser", "Requirement not drawn from the library: Processing in the EU/EEA only.") in missing
    finish_competition_gates(app, tenant_a, world.procurement_id, dpo=True)
    assert _missing(app, tenant_a, world) == []


def test_an_empty_library_holds_the_gate(app, tenant_a):
    world = make_team_world(app, tenant_a, library_loaded=False)
    assert ("purchaser", "The region's requirement library holds no security requirements.") in _missing(
        app, tenant_a, world
    )


def test_risks_are_recorded_only_by_architecture_or_the_dpo(app, tenant_a):
    world = make_team_world(app, tenant_a)
    assign(app, tenant_a, world.procurement_id, tenant_a.people["it"], "user_representative")
    with app.app_context():
        with pytest.raises(Forbidden):
            risks.add_risk(
                db.session,
                _as(tenant_a, "it"),
                world.procurement_id,
                description="x",
                likelihood=1,
                consequence=1,
                measure="",
            )
        db.session.rollback()
    assign(app, tenant_a, world.procurement_id, tenant_a.people["partner"], "it_architecture")
    with app.app_context():
        architect = _as(tenant_a, "partner")
        with pytest.raises(Refused):
            risks.add_risk(
                db.session, architect, world.procurement_id, description="x", likelihood=5, consequence=1, measure=""
            )
        with pytest.raises(Refused):
            risks.save_assessment(db.session, architect, world.procurement_id, status="done", dpia_required=False)


def _batched(app, tenant_a, ids: list[int]) -> tuple[int, dict]:
    """(statements, answers) of every competition gate for the procurements ``ids`` at once."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        principal = _as(tenant_a, "coordinator")
        procurements = [team.access_team_procurement(db.session, principal, i) for i in ids]
        with counting_statements(app) as statements:
            answers = {p.id: [] for p in procurements}
            for gate in gates.COMPETITION_GATES:
                for procurement_id, items in decided(db.session, gate, procurements).items():
                    answers[procurement_id] += [(m.role, m.text) for m in items]
    return len(statements), answers


def test_the_gates_answer_for_many_procurements_in_the_same_number_of_queries(app, tenant_a):
    worlds = [make_team_world(app, tenant_a) for _ in range(4)]
    classify_need(app, worlds[0].need_id, personal_data=True, confidentiality=3)
    ids = [w.procurement_id for w in worlds]
    two, _ = _batched(app, tenant_a, ids[:2])
    four, answers = _batched(app, tenant_a, ids)
    assert two == four == 2  # the team's work with the classification, and the region's library
    for world in worlds:
        assert answers[world.procurement_id] == _missing(app, tenant_a, world)
    assert ("data_protection_officer", "The data protection officer's section is not done.") in answers[ids[0]]
