"""The demo data: the whole council of chief executives, submitted needs, the joint procurements; loads once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from stdnum.no import orgnr

from samverka.devtools.demo import PERSONAS, load_demo_data
from samverka.devtools.demo.delivered_run import DELIVERED_TITLE
from samverka.devtools.demo.register import CONTRACTS
from samverka.platform.contracts.models import Contract, Reprocurement
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.documents.models import ProcurementDocument
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import Need
from samverka.platform.plans.models import ActionPlan, PlanVote
from samverka.platform.procurements.models import JoinInvitation, JointProcurement, ProcurementNeed, StageChange
from samverka.platform.publication import public
from samverka.platform.publication.validation import errors
from samverka.platform.requirements.models import ProcurementRequirement, RequirementSection
from samverka.platform.tenders.models import AwardCriterion, AwardRecommendation, MandatoryRequirement, Tender
from samverka.tenants.models import RoleAssignment, TeamMember, Tenant
from tests.support.forms import csrf_from
from tests.support.login import sign_in


def _counts() -> dict[str, int]:
    bind_principal(db.session, Principal.system("test count"))
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return {
        "needs": count(Need),
        "procurements": count(JointProcurement),
        "held": count(ProcurementNeed),
        "proposals": count(MatchProposal),
        "grants": count(RoleAssignment),
        "contracts": count(Contract),
        "invitations": count(JoinInvitation),
    }


def test_demo_data_has_a_chief_executive_for_every_member_and_loads_once(app_context):
    load_demo_data()
    first = _counts()
    load_demo_data()

    assert _counts() == first
    # Six submitted needs, the delivered learning platform's three and the two re-procurement drafts lead-time
    # planning made from the registers; the case-and-archive procurement, the re-procurement of the region's
    # printing contract, the digital-supervision procurement (cancelled) and its restart, each holding its two
    # needs, and the delivered learning platform with its three.
    assert first["needs"] == 11 and first["procurements"] == 5 and first["held"] == 3 + 2 + 2 + 3
    assert first["proposals"] == 1  # the two welfare-technology needs, which the coordinator accepted
    chiefs = db.session.scalars(
        select(Tenant.name)
        .join(RoleAssignment, RoleAssignment.tenant_id == Tenant.id)
        .where(RoleAssignment.role == "chief_executive")
    ).all()
    assert sorted(chiefs) == sorted(
        ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal", "Notodden", "Hjartdal", "Tinn"]
    )


def test_demo_registers_have_a_reprocurement_due_soon_and_one_overdue(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    today = date.today()
    starts = dict(
        db.session.execute(select(Contract.title, Reprocurement.starts_on).join(Reprocurement.contract)).all()
    )
    # A start after the 28th of a month moves back up to three days (see register._last_end).
    assert 21 <= (starts["Ekonomisystem"] - today).days <= 24
    assert -24 <= (starts["Lønns- og personalsystem"] - today).days <= -21
    assert "Skoleadministrativt system" not in starts  # beyond the planning horizon: nothing to do yet
    registered = select(func.count()).select_from(Contract).where(Contract.procurement_id.is_(None))
    assert db.session.scalar(registered) == len(CONTRACTS)  # besides the delivered learning platform's
    assert db.session.scalar(select(func.count()).select_from(JoinInvitation)) == 7  # every member, once


def test_demo_plan_awaits_flesberg_with_three_of_seven_votes_on_the_revised_version(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    plans = db.session.execute(select(ActionPlan.version, ActionPlan.status).order_by(ActionPlan.version)).all()
    assert [tuple(p) for p in plans] == [(1, "superseded"), (2, "submitted")]
    voters = db.session.scalars(
        select(Tenant.name).join(PlanVote, PlanVote.tenant_id == Tenant.id).where(PlanVote.decision == "approve")
    ).all()
    assert sorted(voters) == ["Kongsberg", "Notodden", "Tinn"]


def _procurement(title: str) -> JointProcurement:
    return db.session.scalars(select(JointProcurement).where(JointProcurement.title == title)).one()


def _stages(procurement: JointProcurement) -> list[tuple]:
    stmt = select(StageChange.to_stage, StageChange.reason, StageChange.changed_by_name).where(
        StageChange.procurement_id == procurement.id
    )
    return [tuple(row) for row in db.session.execute(stmt.order_by(StageChange.id))]


def test_demo_case_archive_waits_at_the_award_recommendation_with_three_evaluated_tenders(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    case_archive = _procurement("Felles sak- og arkivsystem")
    assert case_archive.status == "award_recommendation"
    assert [(to, by) for to, _reason, by in _stages(case_archive)] == [
        (stage, "Per Innkjøp")
        for stage in ("preparation", "requirements", "competition", "evaluation", "award_recommendation")
    ]
    members = db.session.execute(
        select(TeamMember.user_name, TeamMember.role).where(TeamMember.procurement_id == case_archive.id)
    ).all()
    assert sorted(members) == sorted(
        [
            ("Nina Lie", "user_representative"),
            ("Tor Rjukan", "user_representative"),
            ("Lars Berg", "user_representative"),
            ("Erik Solberg", "it_architecture"),
            ("Guro Lund", "archive"),
            ("Hanne Bakken", "data_protection_officer"),
            ("Per Innkjøp", "purchaser"),
        ]
    )
    drawn = db.session.scalars(
        select(ProcurementRequirement.key).where(ProcurementRequirement.procurement_id == case_archive.id)
    ).all()
    assert "data-location" in drawn and "encryption-at-rest" in drawn  # confidentiality 2 (unclassified)
    sections = db.session.scalars(
        select(RequirementSection.role).where(
            RequirementSection.procurement_id == case_archive.id, RequirementSection.status == "done"
        )
    ).all()
    assert set(sections) == {"user_representative", "it_architecture", "archive", "data_protection_officer"}
    criteria = db.session.execute(
        select(AwardCriterion.name, AwardCriterion.weight).where(AwardCriterion.procurement_id == case_archive.id)
    ).all()
    assert sorted(criteria) == [("Kvalitet", 60), ("Pris", 40)]


def test_demo_case_archive_tenders_name_their_sub_processors_and_the_best_is_recommended(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    case_archive = _procurement("Felles sak- og arkivsystem")
    tenders = {
        t.supplier_name: t for t in db.session.scalars(select(Tender).where(Tender.procurement_id == case_archive.id))
    }
    assert set(tenders) == {"Fjordsak AS", "Telemark Arkivløsninger AS", "Noark Partner AS"}
    assert all(orgnr.is_valid(t.supplier_orgnr) for t in tenders.values())
    best = tenders["Fjordsak AS"]
    assert [row["country"] for row in best.sub_processors] == ["NO", "IN"]
    assert "standard personvernbestemmelser" in best.third_country_transfers
    [recommended] = db.session.scalars(
        select(AwardRecommendation).where(AwardRecommendation.procurement_id == case_archive.id)
    ).all()
    assert (recommended.tender_id, recommended.points) == (best.id, 860)
    documents = db.session.execute(
        select(ProcurementDocument.kind, ProcurementDocument.media_type).where(
            ProcurementDocument.procurement_id == case_archive.id
        )
    ).all()
    assert sorted(documents) == [("contract", "application/pdf"), ("evaluation_report", "application/pdf")]


def test_demo_needs_give_the_personal_data_answers_the_agreement_takes(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    submitted = db.session.scalars(select(Need).where(Need.status != "draft")).all()
    assert all(need.missing_personal_data == [] for need in submitted)
    case_archive = [need for need in submitted if need.title == "Nytt sak- og arkivsystem"]
    assert len(case_archive) == 3
    assert {tuple(need.personal_data_categories) for need in case_archive} == {
        ("identification", "contact", "case_records")
    }
    assert {tuple(need.data_subjects) for need in case_archive} == {("residents", "employees", "clients")}


def test_demo_supervision_was_cancelled_on_its_security_requirement_and_restarted_with_it_revised(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    first = _procurement("Digitalt tilsyn i hjemmetjenesten")
    again = _procurement("Digitalt tilsyn i hjemmetjenesten (ny konkurranse)")
    assert (first.status, again.status) == ("cancelled", "preparation")
    assert (first.restarted_as_id, again.restarted_from_id) == (again.id, first.id)
    assert [to for to, _r, _by in _stages(first)] == [
        "preparation",
        "requirements",
        "competition",
        "evaluation",
        "cancelled",
    ]
    assert _stages(first)[-1][1] == "requirements_not_met"
    assert [to for to, _r, _by in _stages(again)] == ["preparation"]
    assert db.session.scalar(select(func.count()).select_from(Tender).where(Tender.procurement_id == first.id)) == 3
    assert db.session.scalar(select(func.count()).select_from(Tender).where(Tender.procurement_id == again.id)) == 0
    location = {
        row.procurement_id: row.text
        for row in db.session.scalars(
            select(MandatoryRequirement).where(MandatoryRequirement.library_ref == "data-location")
        )
    }
    assert location[first.id] != location[again.id] and "videoopptak" in location[again.id]
    team = select(func.count()).select_from(TeamMember).where(TeamMember.procurement_id == again.id)
    assert db.session.scalar(team) == 5


def test_demo_architect_finds_and_writes_his_section_and_the_purchaser_makes_the_specification(app, client):
    with app.app_context():
        load_demo_data()
        bind_principal(db.session, Principal.system("test read"))
        case_archive = _procurement("Felles sak- og arkivsystem").id
    personas = {p.name: p for p in PERSONAS}
    sign_in(client, personas["Erik Solberg"])
    procurement_page = client.get(f"/procurements/{case_archive}").get_data(as_text=True)
    assert f'href="/procurements/{case_archive}/team"' in procurement_page
    team_path = f"/procurements/{case_archive}/team"
    form = {"csrf_token": csrf_from(client, team_path), "role": "it_architecture", "text": "Integrasjon mot SvarUt."}
    assert client.post(f"/procurements/{case_archive}/sections", data={**form, "status": "done"}).status_code == 302
    assert (
        client.post(
            f"/procurements/{case_archive}/sections", data={**form, "role": "archive", "status": "done"}
        ).status_code
        == 403
    )

    sign_in(client, personas["Per Innkjøp"])
    requirements = f"/procurements/{case_archive}/requirements"
    made = client.post(
        f"/procurements/{case_archive}/requirement-specification",
        data={"csrf_token": csrf_from(client, requirements), "language": "nb"},
    )
    assert made.status_code == 302


def test_demo_case_archive_and_learning_platform_are_published_as_valid_open_contracting_data(app_context):
    load_demo_data()
    bind_principal(db.session, Principal.system("test read"))
    case_archive = _procurement("Felles sak- og arkivsystem")
    learning = _procurement(DELIVERED_TITLE)
    bind_principal(db.session, Principal.anonymous())  # what anyone reads, signed in or not
    package = public.procurement_package(db.session, f"ocds-smvka1-{case_archive.id}", "releases")
    assert [r["tag"] for r in package["releases"]] == [["planning"], ["tender"]]
    assert errors(package) == []
    delivered = public.procurement_package(db.session, f"ocds-smvka1-{learning.id}", "releases")
    tags = [tag for release in delivered["releases"] for tag in release["tag"]]
    assert {"planning", "tender", "award", "contract", "implementation"} <= set(tags)
    assert errors(delivered) == []
