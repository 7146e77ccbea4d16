"""The models of annual action plans: the region's cost-sharing key, plans, items, shares and votes; and the
maintenance budget lines of delivered joint contracts."""

from samverka.platform.plans.models.maintenance import MaintenanceLine  # noqa: F401
from samverka.platform.plans.models.plan import (  # noqa: F401
    ActionPlan,
    PlanItem,
    PlanItemParticipant,
    PlanItemShare,
    PlanVote,
)
from samverka.platform.plans.models.settings import FixedShare, PlanSettings  # noqa: F401
