"""The demo's action plan: drafted from the region's needs and procurement, revised once and put to the
council of chief executives, with three of seven votes in. Ingrid Haugen (Flesberg) has not voted yet, so
the demo shows what her municipality pays against the previous version, and the vote's progress.
"""

from __future__ import annotations

from dataclasses import replace

from flask import current_app
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.plans.services import approval, drafting, items
from samverka.tenants.models import Region

YEAR = 2027
SYSTEM = Principal.system("demo action plan")
APPROVING = ("Kjetil Moen", "Hilde Sauar", "Marit Vestfjord")  # Kongsberg, Notodden, Tinn
# The revision the council asked for: the case-and-archive system's one-off cost after the market dialogue.
REVISED_ONE_OFF = 1.15


def load_council(session: Session, region: Region, person) -> None:
    """``person(name)`` gives a persona's principal bound to the session."""
    bind_principal(session, SYSTEM)
    first = drafting.draft(session, SYSTEM, region.id, YEAR).plan
    coordinator = person("Kari Nordmann")
    approval.submit(session, coordinator, first, comment="Utkast til rådmannsutvalget")
    revised = approval.new_version(session, coordinator, first, comment="Kostnad etter markedsdialog")
    _raise_largest(session, coordinator, revised)
    approval.submit(session, coordinator, revised, comment="Revidert etter markedsdialog")
    acr = current_app.config["OIDC_STEPUP_ACR"] or current_app.config["OIDC_ACR_ORDER"][-1]
    for name in APPROVING:
        # The demo's chief executives voted after the e-ID step-up, as the vote page makes them.
        chief = replace(person(name), stepped_up=True)
        approval.vote(session, chief, revised, decision="approve", comment="", acr=acr)
    bind_principal(session, SYSTEM)


def _raise_largest(session: Session, principal: Principal, plan) -> None:
    item = max(plan.items, key=lambda i: i.one_off_cost_minor)
    fields = {name: getattr(item, name) for name in items.CONTENT}
    fields["one_off_cost_minor"] = round(item.one_off_cost_minor * REVISED_ONE_OFF)
    items.update_item(session, principal, item, participant_ids=item.participant_ids, **fields)
