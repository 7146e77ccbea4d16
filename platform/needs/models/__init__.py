"""Needs, their CPV codes, submissions to regions and history; benefit templates, plans and lines."""

from samverka.platform.needs.models.benefit import BenefitLine, BenefitPlan, BenefitTemplate
from samverka.platform.needs.models.need import Need, NeedCpvCode, NeedEvent, NeedSubmission

__all__ = ["BenefitLine", "BenefitPlan", "BenefitTemplate", "Need", "NeedCpvCode", "NeedEvent", "NeedSubmission"]
