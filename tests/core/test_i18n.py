"""The templates' translations, looked up once per request and language, follow every change of language."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh

from samverka.platform.core.i18n import LANG_COOKIE

SIGN_OUT = '{{ _("Sign out") }}|{{ ngettext("%(num)s need", "%(num)s needs", 2) }}'


def _render(app, language: str) -> str:
    with app.test_request_context("/", headers={"Cookie": f"{LANG_COOKIE}={language}"}):
        return render_template_string(SIGN_OUT)


def test_each_request_speaks_its_own_language(app):
    assert _render(app, "sv").startswith("Logga ut|")
    assert _render(app, "nb").startswith("Logg ut|")
    assert _render(app, "en") == "Sign out|2 needs"
    assert _render(app, "sv").startswith("Logga ut|")


def test_a_forced_language_inside_a_request_and_back(app):
    """A mail rendered in its reader's language in the middle of a Swedish page, then the page goes on in Swedish."""
    with app.test_request_context("/", headers={"Cookie": f"{LANG_COOKIE}=sv"}):
        before = render_template_string(SIGN_OUT)
        with force_locale("nb"):
            forced = render_template_string(SIGN_OUT)
            with force_locale("en"):
                nested = render_template_string(SIGN_OUT)
        after = render_template_string(SIGN_OUT)
    shown = (before.split("|")[0], forced.split("|")[0], nested, after)
    assert shown == ("Logga ut", "Logg ut", "Sign out|2 needs", before)


def test_a_refreshed_language_is_found_again(app):
    """``refresh`` forgets the locale; the next string is in the language chosen anew, not the one kept."""
    with app.test_request_context("/", headers={"Cookie": f"{LANG_COOKIE}=sv"}):
        assert render_template_string(SIGN_OUT).startswith("Logga ut|")
        with force_locale("nb"):
            refresh()  # inside force_locale, refresh keeps the forced language
            assert render_template_string(SIGN_OUT).startswith("Logg ut|")
        assert render_template_string(SIGN_OUT).startswith("Logga ut|")


def test_a_templates_gettext_escapes_its_values_and_formats_as_jinjas_newstyle_does(app):
    source = (
        '{{ _("Sign out") }}|{{ _("%(name)s needs", name="<b>Kongsberg</b>") }}|{{ _("100%%") }}'
        '|{% trans name="<i>x</i>" %}Hello {{ name }}{% endtrans %}'
    )
    with app.test_request_context("/", headers={"Cookie": f"{LANG_COOKIE}=en"}):
        escaped = render_template_string(source)
        plain = render_template_string("{% autoescape false %}" + source + "{% endautoescape %}")
    assert escaped == "Sign out|&lt;b&gt;Kongsberg&lt;/b&gt; needs|100%|Hello &lt;i&gt;x&lt;/i&gt;"
    assert plain == "Sign out|<b>Kongsberg</b> needs|100%|Hello <i>x</i>"
