"""Language choice: Norwegian bokmål, Swedish, English, remembered in a cookie."""

from __future__ import annotations

from babel.support import NullTranslations
from flask import Blueprint, Flask, current_app, g, redirect, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

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


def current_translations() -> NullTranslations:
    """The catalogue of the language in force, looked up once per request and language.

    Flask-Babel finds it anew for every string (its context, its domain, the locale, a cache lookup: about
    10 µs, against 0.1 µs for the lookup itself), and a list page translates hundreds. The catalogue is
    kept on Flask-Babel's own per-request namespace beside the locale it belongs to, and found again
    whenever that locale object changes: ``force_locale`` (a mail in its reader's language) and
    ``refresh`` each put a new one in place.
    """
    found = g.get("_flask_babel") if g else None
    locale = getattr(found, "babel_locale", None)
    if locale is None:
        return get_translations()  # the first string of a request: Flask-Babel chooses the locale
    held = getattr(found, "samverka_translations", None)
    if held is None or held[0] is not locale:
        held = found.samverka_translations = (locale, get_translations())
    return held[1]


@pass_context
def _template_gettext(context: Context, message: str, **values) -> str:
    """A template's ``_(...)`` and ``{% trans %}``: Jinja's newstyle gettext (translated, marked safe where the
    template escapes, its values put in) in one call. Jinja's own goes through three (``_`` looks ``gettext``
    up in the context, which calls the function it wraps), and a page translates dozens of strings."""
    translated = current_translations().ugettext(message)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % values


def _install_template_gettext(app: Flask) -> None:
    """The templates' ``_``/``gettext``/``ngettext`` through :func:`current_translations`."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current_translations().ugettext(s),
        ngettext=lambda s, p, n: current_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: current_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)


def init_app(app: Flask) -> None:
    _install_template_gettext(app)
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
    app.add_template_filter(localized_title, "localized_title")
