"""Rendering mail templates per language with Flask-Babel's force_locale."""

from __future__ import annotations

from datetime import datetime

from samverka.platform.mail.rendering import SEPARATOR, render_mail

CONTEXT = {
    "name": "Åsa <Berg> & Co",
    "role": "IT coordinator",
    "scope": "Kiruna",
    "link": "https://samverka.example/invitations/abc",
    "expires_at": datetime(2031, 1, 1, 12, 0),
}


def test_each_section_is_rendered_in_its_own_language(app_context):
    mail = render_mail("invitation", ("sv", "en"), **CONTEXT)

    swedish, english = mail.text.split(SEPARATOR)
    assert "1 januari 2031" in swedish  # dates follow the forced locale
    assert "January 1, 2031" in english
    assert mail.html.index('<div lang="sv">') < mail.html.index('<div lang="en">')
    assert '<html lang="sv">' in mail.html
    swedish_subject, english_subject = mail.subject.split(" / ")
    assert english_subject == "Invitation to Samverka"
    assert swedish_subject != english_subject  # from the compiled sv catalogue (make translations)


def test_norwegian_sections_use_norwegian_formats(app_context):
    mail = render_mail("invitation", ("nb", "en"), **CONTEXT)

    assert "1. januar 2031" in mail.text.split(SEPARATOR)[0]


def test_html_is_escaped_and_plain_text_is_not(app_context):
    mail = render_mail("invitation", ("nb", "en"), **CONTEXT)

    assert "Åsa &lt;Berg&gt; &amp; Co" in mail.html and "Åsa <Berg>" not in mail.html
    assert "Åsa <Berg> & Co" in mail.text
    assert f'href="{CONTEXT["link"]}"' in mail.html
