"""Parts other areas add to a procurement's page (e.g. the data processing agreement's status).

The areas that add them sit above procurements; the app factory registers each (``init_app``), as it does
the gates. A panel answers with its HTML, or None when it has nothing to show this person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Flask, current_app
from markupsafe import Markup
from sqlalchemy.orm import Session

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.procurements.models import JointProcurement

Panel = Callable[[Session, Principal, JointProcurement], Markup | None]
_PANELS = "samverka.procurement_panels"


def init_app(app: Flask, panels: Sequence[Panel] = ()) -> None:
    app.extensions[_PANELS] = tuple(panels)


def rendered(session: Session, principal: Principal, procurement: JointProcurement) -> list[Markup]:
    found = (panel(session, principal, procurement) for panel in current_app.extensions.get(_PANELS, ()))
    return [html for html in found if html]
