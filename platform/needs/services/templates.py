"""The region's common template for benefit-realisation plans, and how a plan is held against it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models import BenefitLine, BenefitTemplate
from samverka.platform.needs.models.benefit import BENEFIT_TYPES, OPTIONAL_LINE_FIELDS
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_region


@dataclass(frozen=True)
class TemplateProblem:
    """A line (or, before it is saved, the line being added: ``line_id`` None) short of a region's template."""

    region_id: int
    line_id: int | None
    field: str


def template_for(session: Session, region_id: int) -> BenefitTemplate:
    """The region's saved template, or the default one until its coordinator saves its own."""
    found = session.scalar(select(BenefitTemplate).where(BenefitTemplate.region_id == region_id))
    return found or BenefitTemplate.default(region_id)


def region_template(session: Session, principal: Principal, region_id: int) -> BenefitTemplate:
    """The template as everyone working in or with the region reads it."""
    access_region(session, principal, region_id, perm.REGION_READ)
    return template_for(session, region_id)


def save_template(
    session: Session, principal: Principal, region_id: int, *, benefit_types: list[str], required_fields: list[str]
) -> BenefitTemplate:
    region = access_region(session, principal, region_id, perm.REGION_TEMPLATES_WRITE)
    template = template_for(session, region.id)
    # Kept in the catalogue's order, so that every form lists the types the same way.
    template.benefit_types = [t for t in BENEFIT_TYPES if t in benefit_types]
    template.required_fields = [f for f in OPTIONAL_LINE_FIELDS if f in required_fields]
    template.updated_by_id, template.updated_at = principal.user_id, utcnow()
    session.add(template)
    session.flush()
    record(
        session,
        principal,
        "benefit_template.save",
        template,
        region_id=region.id,
        summary={"benefit_types": template.benefit_types, "required_fields": template.required_fields},
    )
    return template


def line_problems(values: dict, template: BenefitTemplate, line_id: int | None = None) -> list[TemplateProblem]:
    """What a benefit line (its values by field name) lacks for ``template``."""
    problems = []
    if values.get("benefit_type") not in template.benefit_types:
        problems.append(TemplateProblem(template.region_id, line_id, "benefit_type"))
    for field in template.required_fields:
        if values.get(field) in (None, ""):
            problems.append(TemplateProblem(template.region_id, line_id, field))
    return problems


def plan_problems(lines: list[BenefitLine], templates: list[BenefitTemplate]) -> list[TemplateProblem]:
    """Every way the plan's lines fall short of each template, in line order."""
    found = []
    for line in lines:
        values = {field: getattr(line, field) for field in ("benefit_type", *OPTIONAL_LINE_FIELDS)}
        for template in templates:
            found += line_problems(values, template, line.id)
    return found
