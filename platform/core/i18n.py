"""Language choice: Norwegian bokmål, Swedish, English, remembered in a cookie."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, redirect, request
from flask_babel import get_locale
from flask_login import current_user

from samverka.platform.core.redirects import safe_next
from samverka.platform.core.titles import localized_title

LANG_COOKIE = "samverka_lang"
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.post("/language")
def set_language():
    """Remember the chosen language and return to the page the user was on."""
    choice = request.form.get("lang", "")
    response = redirect(safe_next(request.form.get("next")))
    if choice in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE,
            choice,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
        )
    return response


def _template_globals() -> dict:
    return {"current_locale": lambda: str(get_locale()), "languages": current_app.config["LANGUAGES"]}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
    app.add_template_filter(localized_title, "localized_title")
