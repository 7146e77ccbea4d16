"""The UI shell: the layout's menu and vocabularies, and the home page."""

from flask import Blueprint, render_template

from samverka.platform.core import labels
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.plans.services import approval
from samverka.platform.ui import navigation
from samverka.tenants import labels as tenant_labels
from samverka.tenants.services import pages

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/static/ui")


@bp.app_context_processor
def _layout() -> dict:
    return {
        "menu": navigation.menu(current_principal()),
        **labels.template_context(),
        **tenant_labels.template_context(),
    }


@bp.app_template_filter("options")
def _options(items, value: str = "id", text: str = "name") -> list[tuple]:
    """(value, text) pairs for a select or a group of checkboxes, e.g. ``regions | options``."""
    return [(getattr(item, value), getattr(item, text)) for item in items]


@bp.get("/")
def home():
    """A welcome for visitors; for a signed-in person, what they can reach."""
    principal = current_principal()
    if not principal.is_authenticated:
        return render_template("ui/home.html", dashboard=None)
    return render_template(
        "ui/home.html",
        dashboard=pages.dashboard(db.session, principal),
        awaiting_vote=approval.awaiting_vote(db.session, principal),
    )
