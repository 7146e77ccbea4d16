"""Rendering a mail in the recipient's language, followed by the same text in English.

A mail is one pair of templates, ``mail/<template>.txt`` and ``mail/<template>.html``,
written once with ``_()`` and rendered per language under Flask-Babel's
``force_locale`` (jobs have no request to choose a language from). The text
template exports its subject with a top-level ``{% set subject = _("...") %}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
SEPARATOR = "\n\n" + "-" * 40 + "\n\n"
_ENV_KEY = "samverka.mail.templates"
# A mail is written first in the language of the recipient organisation's country.
COUNTRY_LOCALES = {"NO": "nb", "SE": "sv"}
# A region has a currency rather than a country; its currency says which.
CURRENCY_LOCALES = {"NOK": "nb", "SEK": "sv"}


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class _Section:
    locale: str
    subject: str
    text: str
    html: Markup


def render_mail(template: str, locales: Sequence[str], **context) -> RenderedMail:
    """Render mail ``template`` once per locale, the first being the recipient's language."""
    env = _environment()
    sections = [_render_section(env, template, locale, context) for locale in locales]
    subject = " / ".join(section.subject for section in sections)
    html = env.get_template("mail/layout.html").render(subject=subject, sections=sections)
    return RenderedMail(subject, SEPARATOR.join(section.text for section in sections), html)


def _render_section(env: Environment, template: str, locale: str, context: dict) -> _Section:
    with force_locale(locale):
        text = env.get_template(f"mail/{template}.txt").make_module(context)
        html = env.get_template(f"mail/{template}.html").render(context)
    return _Section(locale, str(text.subject).strip(), str(text).strip(), Markup(html))


def _environment() -> Environment:
    """The app's Jinja environment (Babel's ``_`` and date filters) reading the mail templates."""
    app = current_app._get_current_object()
    env = app.extensions.get(_ENV_KEY)
    if env is None:
        env = app.jinja_env.overlay(loader=FileSystemLoader(TEMPLATES))
        app.extensions[_ENV_KEY] = env
    return env
