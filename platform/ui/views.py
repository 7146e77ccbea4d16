"""The UI shell: the layout's menu and vocabularies, and the home page."""

import time
from collections import defaultdict

from flask import Blueprint, g, render_template, request, session

from samverka.platform.attention import services as attention
from samverka.platform.attention.items import SEVERITIES
from samverka.platform.core import labels
from samverka.platform.core.extensions import db
from samverka.platform.core.request import current_principal
from samverka.platform.core.routing import fixed_url
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.ui import navigation
from samverka.tenants import labels as tenant_labels
from samverka.tenants.services import pages

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/static/ui")

# The menu's count on a page other than the Overview may be this old: collecting it runs every area's
# attention queries (ten or more, some over the region's needs), more than the rest of many pages cost.
# The Overview and the API always count afresh, and the person's own changes (any POST) clear it at once;
# what others change shows within this time.
COUNT_FRESH_SECONDS = 60
_COUNT = "attention_count"  # [user id, count, good until (epoch seconds)] in the browser's session


@bp.app_context_processor
def _layout() -> dict:
    principal = current_principal()
    return {
        "menu": navigation.menu(principal, _attention_count(principal)),
        **labels.template_context(),
        **tenant_labels.template_context(),
    }


def _attention_count(principal: Principal) -> int:
    """The menu's count; not on a page shown after a failed statement, whose transaction is lost."""
    if not principal.is_authenticated or not db.session.is_active:
        return 0
    kept, now = session.get(_COUNT), time.time()
    if g.get("attention_items") is None and kept and kept[0] == principal.user_id and now < kept[2]:
        return kept[1]
    count = len(attention.for_request(db.session, principal))
    if not kept or kept[0] != principal.user_id or kept[1] != count or now >= kept[2]:
        session[_COUNT] = [principal.user_id, count, now + COUNT_FRESH_SECONDS]
    return count


@bp.before_app_request
def _forget_count() -> None:
    """A change the person makes may change what needs their attention: the next page counts afresh."""
    if request.method not in ("GET", "HEAD") and _COUNT in session:
        session.pop(_COUNT)


@bp.app_template_global()
def static_url(filename: str) -> str:
    """A file of the layout (``ui/static``): its address is the same for every page under the same root."""
    return fixed_url("ui.static", filename=filename)


@bp.app_template_filter("options")
def _options(items, value: str = "id", text: str = "name") -> list[tuple]:
    """(value, text) pairs for a select or a group of checkboxes, e.g. ``regions | options``."""
    return [(getattr(item, value), getattr(item, text)) for item in items]


@bp.get("/")
def home():
    """A welcome for visitors; for a signed-in person, what needs their attention, from every role they hold."""
    principal = current_principal()
    if not principal.is_authenticated:
        return render_template("ui/home.html", dashboard=None)
    items = attention.for_request(db.session, principal)
    by_severity = defaultdict(list)
    for item in items:
        by_severity[item.severity].append(item)
    return render_template(
        "ui/home.html",
        dashboard=pages.dashboard(db.session, principal),
        attention_items=items,
        attention_groups=[(severity, by_severity[severity]) for severity in SEVERITIES if by_severity[severity]],
    )
