"""A need's benefit-realisation plan: its lines, and whether it satisfies the regions' templates.

A need may be submitted without a plan (it is then marked as missing one), but a
plan that exists must satisfy the template of every region the need is submitted
to. A line being added is held against those templates, or, while the need is a
draft, against the templates of all of its municipality's regions, so that the
plan never stands in the way of submitting it anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.lifecycle import DRAFT
from samverka.platform.needs.models import BenefitLine, BenefitPlan, BenefitTemplate, Need
from samverka.platform.needs.services.access import require_editable, require_owner
from samverka.platform.needs.services.templates import TemplateProblem, line_problems, plan_problems, template_for


@dataclass(frozen=True)
class PlanView:
    need: Need
    lines: list[BenefitLine]
    templates: list[BenefitTemplate]
    problems: list[TemplateProblem]

    @property
    def need_id(self) -> int:
        return self.need.id

    @property
    def missing(self) -> bool:
        return self.need.missing_benefit_plan


def templates_of(session: Session, need: Need) -> list[BenefitTemplate]:
    """The templates the need's plan is held against (see the module's description)."""
    if need.status == DRAFT:
        region_ids = sorted(m.region_id for m in need.tenant.memberships)
    else:
        region_ids = need.submitted_region_ids
    return [template_for(session, rid) for rid in region_ids]


def plan_view(session: Session, need: Need) -> PlanView:
    """The plan as whoever may read the need sees it, with where it falls short."""
    lines = list(need.benefit_plan.lines) if need.benefit_plan else []
    templates = templates_of(session, need)
    return PlanView(need, lines, templates, plan_problems(lines, templates))


def problem_messages(problems: list[TemplateProblem], region_names: dict[int, str]) -> dict[str, list[str]]:
    """Field messages for a line short of templates: which region asks for what."""
    messages: dict[str, list[str]] = {}
    for problem in problems:
        name = region_names.get(problem.region_id, "")
        text = (
            _l("%(region)s's template does not have this benefit type.", region=name)
            if problem.field == "benefit_type"
            else _l("%(region)s's template requires this field.", region=name)
        )
        messages.setdefault(problem.field, []).append(text)
    return messages


def add_line(session: Session, principal: Principal, need: Need, **values) -> BenefitLine:
    require_owner(principal, need)
    require_editable(need)
    templates = templates_of(session, need)
    problems = [p for template in templates for p in line_problems(values, template)]
    if problems:
        raise Refused(problem_messages(problems, _region_names(need)))
    if need.benefit_plan is None:
        need.benefit_plan = BenefitPlan(need=need)
    line = BenefitLine(plan=need.benefit_plan, **values)
    session.add(line)
    session.flush()
    record(
        session,
        principal,
        "benefit_line.add",
        line,
        tenant_id=need.tenant_id,
        summary={"need_id": need.id, "benefit_type": line.benefit_type},
    )
    return line


def remove_line(session: Session, principal: Principal, need: Need, line_id: int) -> None:
    require_owner(principal, need)
    require_editable(need)
    line = next((line for line in plan_view(session, need).lines if line.id == line_id), None)
    if line is None:
        raise NotFound()
    record(
        session,
        principal,
        "benefit_line.remove",
        line,
        tenant_id=need.tenant_id,
        summary={"need_id": need.id, "description": line.description},
    )
    session.delete(line)


def _region_names(need: Need) -> dict[int, str]:
    return {m.region_id: m.region.name for m in need.tenant.memberships}
