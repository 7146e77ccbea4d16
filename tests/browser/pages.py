"""The pages under test, listed per role, and the ways the tests get to them.

Listed explicitly rather than crawled: a page that disappears, or turns into an
error page, is reported instead of silently skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from samverka.platform.core.extensions import db
from samverka.platform.core.i18n import LANG_COOKIE
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.matching.models import MatchProposal
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement, ProcurementNeed
from samverka.platform.tenders.models import Tender
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import create_invitation, invitation_link
from samverka.tenants.services.principals import load_principal
from tests.platform.awards.factories import in_approval
from tests.platform.benefits.factories import delivered_with_benefits
from tests.platform.contracts.support import make_contract, make_region_objects
from tests.platform.needs.support import submitted_need_of_a
from tests.platform.plans.factories import YEAR as PLAN_YEAR
from tests.platform.plans.factories import make_plan
from tests.platform.procurements.factories import make_procurement
from tests.platform.publication.factories import publish
from tests.platform.requirements.factories import library_ids, make_team_objects
from tests.platform.signatures.factories import make_dpa_objects
from tests.platform.tenders.factories import SUPPLIERS, make_document, record_tender, set_up_evaluation
from tests.platform.thresholds.factories import seed as seed_thresholds
from tests.support.login import HIGH_LEVEL, LOGIN_LEVEL
from tests.support.matching import make_proposal

LANGUAGES = ("nb", "sv", "en")
MISSING_PAGE = "/this-page-does-not-exist"
# The procurements whose award page their procurement page links: awaiting approval, signing the DPA, delivered.
AWARDED = ("award_procurement_id", "dpa_procurement_id", "delivered_procurement_id")
PERSONAS = ("operator", "coordinator", "it", "chief", "partner")
# An organisation number with a wrong check digit: the form must come back with what to fix.
INVALID_TENANT = {
    "name": "Rollag",
    "municipality_number": "3305",
    "organisation_number": "123456789",
    "population": "1400",
}


@dataclass(frozen=True)
class Visit:
    path: str
    status: int = 200


def content_of_a(app, world) -> dict:
    """Region A with something in it: Kongsberg's and Flesberg's matching needs (so a proposal),
    and a joint procurement that has invited Kongsberg."""
    a = world[0]
    dpa = make_dpa_objects(app, a)  # a signed contract's DPA, signed by Kongsberg (Flesberg awaited); first: its needs
    procurement = make_procurement(app, a)
    awarded = in_approval(app, a)  # Kongsberg and Flesberg asked to approve the award of a procurement
    need = submitted_need_of_a(app, a)
    # Signed, then delivered: papers, budget lines, go-live asked for; both needs' benefit plans in follow-up.
    delivered = delivered_with_benefits(app, a)
    publish(app, a, delivered.procurement_id)  # the public page lists it
    proposal_id = make_proposal(app, a)  # last: submitting a need re-matches, which may replace open proposals
    seed_thresholds(app)  # the thresholds table, and the procurement pages comparing with it
    plan = make_plan(app, a)  # a draft action plan with one item shared by Kongsberg and Flesberg
    voted_on = make_plan(app, a, submit=True, year=PLAN_YEAR + 1)  # next year's, before the council
    contracts = make_region_objects(app, a)  # a joint contract of region A and an import of its register
    own_contract_id = make_contract(app, tenant_id=a.tenant_id)  # Kongsberg's own Ekonomisystem
    make_team_objects(app, a, procurement.procurement_id)  # K-IKT's partner on its team; the region's library
    competition = competition_of(app, procurement.procurement_id)
    award = award_objects(app, awarded.procurement_id)
    return {
        "dpa_procurement_id": dpa["dpa_procurement_id"],
        "dpa_need_ids": needs_of(app, dpa["dpa_procurement_id"]),
        **competition,
        "tender_ids": [*competition["tender_ids"], *award["tender_ids"], dpa["dpa_tender_id"]],
        "award_need_ids": award["need_ids"],
        "proposal_id": proposal_id,
        "procurement_id": procurement.procurement_id,
        "award_procurement_id": awarded.procurement_id,
        "plan_id": plan.plan_id,
        "item_id": plan.item_id,
        "submitted_plan_id": voted_on.plan_id,
        "join_invitation_id": procurement.join_invitation_id,
        **need,
        "region_contract_id": contracts["contract_id"],
        "import_id": contracts["import_id"],
        "imported_contract_ids": contracts["imported_contract_ids"],
        "own_contract_id": own_contract_id,
        **need_ids(app, proposal_id, a.tenant_id),
        "procurement_ids": procurement_ids(app, a.region_id),
        "library_ids": library_ids(app, a.region_id),
        "delivered_need_ids": delivered_need_ids(app, delivered.procurement_id),
        "delivered_procurement_id": delivered.procurement_id,
        "follow_up_plan_ids": [delivered.plan_id, delivered.other_plan_id],
    }


def delivered_need_ids(app, procurement_id: int) -> list[int]:
    """The needs of the delivered procurement: submitted to the region, so its staff's lists link them."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        stmt = select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement_id)
        return list(db.session.scalars(stmt))


def competition_of(app, procurement_id: int) -> dict:
    """A document, criteria, requirements and two evaluated tenders (one rejected), with a draft recommendation."""
    ids = set_up_evaluation(app, procurement_id)
    tender_ids = [
        record_tender(app, procurement_id, SUPPLIERS[0], met=(True, True), scores=(8, 6), ids=ids),
        record_tender(app, procurement_id, SUPPLIERS[1], met=(True, False), scores=(9, 9), ids=ids),
    ]
    return {"document_id": make_document(app, procurement_id), "tender_ids": tender_ids}


def award_objects(app, procurement_id: int) -> dict[str, list[int]]:
    """The tenders and the needs of the procurement awaiting the award's approval (its pages link them)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        tenders = db.session.scalars(select(Tender.id).where(Tender.procurement_id == procurement_id)).all()
        needs = db.session.scalars(
            select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement_id)
        ).all()
        return {"tender_ids": list(tenders), "need_ids": list(needs)}


def procurement_ids(app, region_id: int) -> list[int]:
    """Every joint procurement of region A: the one made above and the draft re-procurements that lead-time
    planning made from the region's imported contracts."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return list(db.session.scalars(select(JointProcurement.id).where(JointProcurement.region_id == region_id)))


def needs_of(app, procurement_id: int) -> list[int]:
    """The needs a procurement holds (the coordinator reaches them from the region's needs)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        return list(
            db.session.scalars(select(ProcurementNeed.need_id).where(ProcurementNeed.procurement_id == procurement_id))
        )


def need_ids(app, proposal_id: int, tenant_id: int) -> dict[str, list[int]]:
    """The proposal's needs (the coordinator's links) and Kongsberg's own needs (its users' links)."""
    with app.app_context():
        bind_principal(db.session, Principal.system("test read"))
        own = db.session.scalars(select(Need.id).where(Need.tenant_id == tenant_id)).all()
        return {"proposed_need_ids": db.session.get(MatchProposal, proposal_id).need_ids, "own_need_ids": own}


def role_pages(world, persona: str, content: dict) -> list[Visit]:
    """What each persona can reach: its menu's pages, pages with content, and an error page."""
    a, b, _ = world
    region_a, tenant_a = f"/regions/{a.region_id}", f"/tenants/{a.tenant_id}"
    flesberg = f"/tenants/{a.other_tenant_id}"
    procurements_a = [f"{region_a}/procurements", *(f"/procurements/{p}" for p in content["procurement_ids"])]
    # The procurement's documents, tenders and evaluation: read by the region's staff and its members' users.
    competition_a = [
        *(f"/procurements/{p}/{page}" for p in content["procurement_ids"] for page in ("documents", "tenders")),
        *(f"/procurements/{p}/evaluation" for p in content["procurement_ids"]),
        *(f"/tenders/{t}" for t in content["tender_ids"]),
        # Every procurement's page links its documents and tenders, empty ones too.
        *(f"/procurements/{p}/{part}" for p in content["procurement_ids"] for part in ("documents", "tenders")),
        # A recommended procurement's page links its award (the chief executive's landing page too), and so do the
        # signed and the delivered one's.
        *(f"/procurements/{content[key]}/award" for key in AWARDED),
    ]
    need = f"/needs/{content['need_id']}"
    needs_a = [f"{tenant_a}/needs", "/cpv", "/cpv?q=document+management", need, f"{need}/benefit-plan"]
    own_needs = [
        f"/needs/{n}{page}"
        for n in content["own_need_ids"]
        if n != content["need_id"]
        for page in ("", "/benefit-plan")
    ]
    own_needs_edit = [f"/needs/{n}/edit" for n in content["own_need_ids"] if n != content["need_id"]]
    plan, submitted = f"/action-plans/{content['plan_id']}", f"/action-plans/{content['submitted_plan_id']}"
    plans_a = [f"{region_a}/action-plans", plan, f"{plan}/timeline", submitted, f"{submitted}/timeline"]
    own_contract, joint_contract = (
        f"/contracts/{content['own_contract_id']}",
        f"/contracts/{content['region_contract_id']}",
    )
    contracts_a = [
        f"{region_a}/contracts",
        f"{region_a}/contracts?sort=title",
        f"{region_a}/contracts?sort=ends_on",
        f"{region_a}/contracts?sort=supplier",
        f"{region_a}/contracts/new",
        f"{region_a}/contracts/import",
        f"{region_a}/lead-times",
        joint_contract,
        f"{joint_contract}/edit",
        f"/contract-imports/{content['import_id']}",
        *(f"/contracts/{c}{page}" for c in content["imported_contract_ids"] for page in ("", "/edit")),
    ]
    tenant_contracts = [
        f"{tenant_a}/contracts",
        f"{tenant_a}/contracts/settings",
        f"{tenant_a}/contracts?sort=title",
        f"{tenant_a}/contracts?sort=ends_on",
        f"{tenant_a}/contracts?sort=supplier",
        own_contract,
    ]
    team_pages = [f"/procurements/{content['procurement_id']}/{page}" for page in ("team", "requirements", "risks")]
    # The region's staff reach every procurement's team pages from its page; a partner only its own team's.
    staff_team_pages = [
        f"/procurements/{p}/{page}" for p in content["procurement_ids"] for page in ("team", "requirements", "risks")
    ]
    # A signed contract's procurement links its DPA: the one being signed, and the delivered one.
    dpa = [
        *(f"/procurements/{content[key]}/dpa" for key in ("dpa_procurement_id", "delivered_procurement_id")),
        f"{region_a}/dpa-template",
    ]
    # Delivery and go-live: every procurement's page links its delivery for the region's staff.
    deliveries = [f"/procurements/{p}/delivery" for p in content["procurement_ids"]]
    dpa_needs = [f"/needs/{n}{page}" for n in content["dpa_need_ids"] for page in ("", "/benefit-plan")]
    # Benefit follow-up: Kongsberg's list and plan for its users (the menu, the need's page), both plans for the
    # region's coordinator (the delivered needs' pages).
    own_follow_up = [f"{tenant_a}/benefit-follow-up", f"/benefit-plans/{content['follow_up_plan_ids'][0]}/follow-up"]
    region_follow_up = [f"/benefit-plans/{p}/follow-up" for p in content["follow_up_plan_ids"]]
    library = [
        f"{region_a}/requirement-library",
        *(f"{region_a}/requirement-library/{r}" for r in content["library_ids"]),
    ]
    paths = {
        "operator": [
            "/",
            "/operator/regions",
            "/operator/tenants",
            "/operator/thresholds",
            "/operator/jobs",
            region_a,
            f"/regions/{b.region_id}",
            tenant_a,
            flesberg,
            f"/tenants/{b.tenant_id}",
            "/invitations",
        ],
        "coordinator": [
            "/",
            region_a,
            tenant_a,
            flesberg,
            "/invitations",
            *procurements_a,
            *competition_a,
            f"{region_a}/needs",
            f"{region_a}/benefit-template",
            f"{region_a}/proposals",
            need,
            f"{need}/benefit-plan",
            *(f"/needs/{n}{page}" for n in content["proposed_need_ids"] for page in ("", "/benefit-plan")),
            *(f"/needs/{n}{page}" for n in content["award_need_ids"] for page in ("", "/benefit-plan")),
            *(f"/needs/{n}{page}" for n in content["delivered_need_ids"] for page in ("", "/benefit-plan")),
            *plans_a,
            f"{region_a}/cost-sharing",
            f"{plan}/items/new",
            f"/plan-items/{content['item_id']}/edit",
            *contracts_a,
            *staff_team_pages,
            *library,
            *dpa,
            *deliveries,
            f"{region_a}/pipeline",
            f"{region_a}/benefits",
            *dpa_needs,
            *region_follow_up,
        ],
        "it": [
            "/",
            region_a,
            tenant_a,
            "/invitations",
            *procurements_a,
            *competition_a,
            *needs_a,
            *own_needs,
            *own_needs_edit,
            f"{tenant_a}/needs/new",
            f"{need}/edit",
            f"/join-invitations/{content['join_invitation_id']}",
            *plans_a,
            f"{tenant_a}/budget",
            *tenant_contracts,
            f"{tenant_a}/contracts/new",
            f"{tenant_a}/contracts/import",
            f"{own_contract}/edit",
            *dpa,
            f"{tenant_a}/documents",
            f"{tenant_a}/exports",
            f"{region_a}/pipeline",
            *own_follow_up,
        ],
        "chief": [
            "/",
            region_a,
            tenant_a,
            "/invitations",
            *procurements_a,
            *competition_a,
            *needs_a,
            *own_needs,
            f"/join-invitations/{content['join_invitation_id']}",
            *plans_a,
            f"{submitted}/vote",
            f"{tenant_a}/budget",
            *tenant_contracts,
            *dpa,
            f"{tenant_a}/documents",
            *own_follow_up,
        ],
        "partner": [
            "/",
            region_a,
            *procurements_a,
            *plans_a,
            *team_pages,
            *library,
            *dpa,
            f"{region_a}/pipeline",
            f"/partners/{a.partner_id}/documents",
            f"/partners/{a.partner_id}/api-tokens",
        ],
    }[persona]
    # Every page's footer links the public open contracting data.
    return [Visit(p) for p in dict.fromkeys((*paths, "/account/sessions", "/ocds/"))] + [Visit(MISSING_PAGE, 404)]


def public_pages(invitation: str) -> list[Visit]:
    """Pages a visitor sees before signing in, including a callback without a login in progress."""
    return [
        Visit("/"),
        Visit("/login"),
        Visit("/no-access"),
        Visit("/no-access?reason=invitation_expired"),
        Visit("/signed-out"),
        Visit("/ocds/"),
        Visit(invitation),
        Visit("/auth/callback", 400),
        Visit(MISSING_PAGE, 404),
    ]


def linked_pages(page, live_server: str) -> set[str]:
    """Paths of the app's pages this page links to (the e-ID redirect is not a page)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    paths = {urlsplit(href).path for href in hrefs if href.startswith(f"{live_server}/")}
    # Downloads (XLSX, PDF, CSV exports, documents, OCDS packages) are files, not pages: nothing for axe in them.
    downloads = (".xlsx", ".pdf", ".csv", ".json", "/download")
    return {path for path in paths if not path.endswith(downloads)} - {"/login/start"}


def sign_in_level(persona: str) -> str:
    """The chief executive signs in at the step-up level, so that the vote page is the form, not the e-ID."""
    return HIGH_LEVEL if persona == "chief" else LOGIN_LEVEL


def person_for(world, persona: str):
    a, _, operator = world
    return operator if persona == "operator" else a.people[persona]


def use_language(page, live_server: str, lang: str) -> None:
    """Choose the language as the layout's switch would: by the cookie it sets."""
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": live_server}])


def invitation_path(app, world) -> str:
    """A fresh invitation from region A's coordinator to Flesberg, as its landing page's path."""
    coordinator = world[0].people["coordinator"]
    with app.app_context():
        principal = load_principal(db.session, coordinator.user_id)
        invitation = create_invitation(
            db.session,
            principal,
            email="ny.it@example.test",
            name="Ny IT",
            role=Role.IT_COORDINATOR,
            scope_id=world[0].other_tenant_id,
        )
        link = invitation_link(invitation)
        db.session.commit()
    return link.removeprefix(app.config["PUBLIC_URL"])


def submit_invalid_tenant(page):
    """Fill the operator's new-tenant form with a bad organisation number, send it; returns the response."""
    form = page.locator("form:has(input[name='organisation_number'])")
    for name, value in INVALID_TENANT.items():
        form.locator(f"[name='{name}']").fill(value)
    with page.expect_navigation() as sent:
        form.locator("[type='submit']").click()
    return sent.value
