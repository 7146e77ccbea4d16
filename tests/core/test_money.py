"""Amounts in the page's language: the kept texts follow the language and the currency, never the last asker."""

from __future__ import annotations

from flask_babel import force_locale

from samverka.platform.core.money import money, page_money


def test_one_amount_in_each_language_and_currency(app):
    with app.test_request_context("/"):
        shown = {}
        for language in ("nb", "sv", "en", "nb"):
            with force_locale(language):
                shown[language] = (money(1_250_050, "NOK"), money(1_250_050, "SEK"), money(None, "NOK"))
    assert shown["nb"] == ("12\xa0500,50\xa0kr", "12\xa0500,50\xa0SEK", "–")
    assert shown["sv"] == ("12\xa0500,50\xa0Nkr", "12\xa0500,50\xa0kr", "–")
    assert shown["en"] == ("NOK\xa012,500.50", "SEK\xa012,500.50", "–")


def test_a_pages_money_writes_each_amount_as_money_does_in_the_language_of_its_page(app):
    with app.test_request_context("/"):
        for language in ("nb", "sv", "en"):
            with force_locale(language):
                of_page = page_money()
                amounts = [(money(m, c), of_page(m, c)) for m in (1_250_050, 0, None) for c in ("NOK", "SEK")]
            assert all(ours == theirs for ours, theirs in amounts), language
        with force_locale("sv"):
            swedish = page_money()
        with force_locale("en"):
            assert swedish(1_250_050, "SEK") == "12\xa0500,50\xa0kr" != money(1_250_050, "SEK")
