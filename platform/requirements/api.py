"""The JSON API of a procurement's team, sections, requirements, risks and gates, and the region's library.

Path ids are looked up through the tenancy guard before the body is read (another region's procurement
is a 404); the services check the permission. The blueprint commits a write once the handler succeeded.
"""

from __future__ import annotations

from flask.views import MethodView

from samverka.platform.core.api import ApiBlueprint
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.procurements.models import JointProcurement
from samverka.platform.requirements import gates, schemas
from samverka.platform.requirements.models import LibraryRequirement, Risk
from samverka.platform.requirements.services import drawing, library, risks, sections, team
from samverka.platform.requirements.services.classification import classify
from samverka.tenants.models import Region, TeamMember

blp = ApiBlueprint(
    "requirements_api",
    __name__,
    url_prefix="/api/v1",
    description="A joint procurement's team, requirement sections, security requirements, risks and gates.",
    path_models={
        "procurement_id": JointProcurement,
        "member_id": TeamMember,
        "risk_id": Risk,
        "region_id": Region,
        "requirement_id": LibraryRequirement,
    },
)


def _procurement(procurement_id: int):
    return team.access_team_procurement(db.session, current_principal(), procurement_id)


@blp.route("/procurements/<int:procurement_id>/team")
class Team(MethodView):
    @blp.response(200, schemas.TeamMemberSchema(many=True))
    def get(self, procurement_id: int):
        """The team: who holds which role (the team and the region's procurement staff)."""
        return team.team_of(db.session, _procurement(procurement_id))

    @blp.arguments(schemas.TeamMemberSchema)
    @blp.response(201, schemas.TeamMemberSchema)
    def post(self, member, procurement_id: int):
        """Assign a person a team role (the region's purchaser or coordinator)."""
        return team.assign(db.session, current_principal(), procurement_id, **member)


@blp.route("/procurements/<int:procurement_id>/team/<int:member_id>", methods=["DELETE"])
@blp.response(204)
def remove_member(procurement_id: int, member_id: int):
    """Take a person off the team (the region's purchaser or coordinator)."""
    team.remove(db.session, current_principal(), procurement_id, member_id)


@blp.route("/procurements/<int:procurement_id>/sections")
class Sections(MethodView):
    @blp.response(200, schemas.SectionSchema(many=True))
    def get(self, procurement_id: int):
        """Every role's section with its status (not started when no one wrote it yet)."""
        found = sections.sections_of(db.session, _procurement(procurement_id))
        return [row or {"role": role.value, "status": "not_started", "text": ""} for role, row in found.items()]

    @blp.arguments(schemas.SectionSchema)
    @blp.response(200, schemas.SectionSchema)
    def put(self, section, procurement_id: int):
        """Write one's own section: only the holder of that role on this procurement may (else 403)."""
        return sections.save_section(db.session, current_principal(), procurement_id, **section)


@blp.route("/procurements/<int:procurement_id>/requirements")
@blp.response(200, schemas.ProcurementRequirementsSchema)
def procurement_requirements(procurement_id: int):
    """The requirements the procurement drew; its classification for the region's staff (who read the needs)."""
    principal = current_principal()
    procurement = _procurement(procurement_id)
    staff = principal.holds(team.STAFF, procurement.region_id)
    return {
        "classification": classify(db.session, procurement) if staff else None,
        "requirements": drawing.drawn_requirements(db.session, procurement),
    }


@blp.route("/procurements/<int:procurement_id>/requirements/draws", methods=["POST"])
@blp.arguments(schemas.NothingSchema)
@blp.response(201, schemas.RequirementSchema(many=True))
def draw_requirements(_nothing, procurement_id: int):
    """Draw what the classification asks for from the region's library (the region's procurement staff)."""
    return drawing.draw(db.session, current_principal(), procurement_id)


@blp.route("/procurements/<int:procurement_id>/risks")
class Risks(MethodView):
    @blp.response(200, schemas.RiskAssessmentSchema)
    def get(self, procurement_id: int):
        """The risk assessment's status and its risks, the highest first."""
        procurement = _procurement(procurement_id)
        return {
            "assessment": risks.assessment_of(db.session, procurement),
            "risks": risks.risks_of(db.session, procurement),
        }

    @blp.arguments(schemas.RiskSchema)
    @blp.response(201, schemas.RiskSchema)
    def post(self, risk, procurement_id: int):
        """Record a risk (IT architecture or the data protection officer)."""
        return risks.add_risk(db.session, current_principal(), procurement_id, **risk)


@blp.route("/procurements/<int:procurement_id>/risks/<int:risk_id>", methods=["DELETE"])
@blp.response(204)
def remove_risk(procurement_id: int, risk_id: int):
    """Remove a risk (IT architecture or the data protection officer)."""
    risks.remove_risk(db.session, current_principal(), procurement_id, risk_id)


@blp.route("/procurements/<int:procurement_id>/risk-assessment", methods=["PUT"])
@blp.arguments(schemas.AssessmentSchema)
@blp.response(200, schemas.AssessmentSchema)
def save_assessment(assessment, procurement_id: int):
    """The assessment's status and whether a data protection impact assessment is due."""
    return risks.save_assessment(db.session, current_principal(), procurement_id, **assessment)


@blp.route("/procurements/<int:procurement_id>/gates/competition")
@blp.response(200, schemas.MissingSchema(many=True))
def competition_gate(procurement_id: int):
    """What each role still has to do before the procurement may enter competition; empty when nothing."""
    procurement = team.access_team_procurement(db.session, current_principal(), procurement_id, team.STAFF)
    return gates.missing_for_competition(db.session, procurement)


@blp.route("/regions/<int:region_id>/requirement-library")
@blp.response(200, schemas.RequirementSchema(many=True))
def region_library(region_id: int):
    """The current version of each requirement in the region's library."""
    return library.read_library(db.session, current_principal(), region_id)


@blp.route("/regions/<int:region_id>/requirement-library/defaults", methods=["POST"])
@blp.arguments(schemas.NothingSchema)
@blp.response(201, schemas.LoadedSchema)
def load_defaults(_nothing, region_id: int):
    """Load the default library into a region whose library is empty (the coordinator)."""
    return {"added": library.load_default_library(db.session, current_principal(), region_id)}


@blp.route("/regions/<int:region_id>/requirement-library/<int:requirement_id>/versions", methods=["POST"])
@blp.arguments(schemas.LibraryVersionSchema)
@blp.response(201, schemas.RequirementSchema)
def new_version(texts, region_id: int, requirement_id: int):
    """A new version of a requirement (by the id of any of its versions) with new texts (the coordinator)."""
    return library.new_version(db.session, current_principal(), region_id, requirement_id, texts)
