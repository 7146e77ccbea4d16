"""A proposal's reasons name their keywords in the page's language: the CPV label, the shared concepts."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from samverka.platform.matching.wording import PageGettext, reason_text

CPV = {"code": "cpv_overlap", "params": {"cpv": "48311000", "level": "class"}}
SIMILAR = {
    "code": "similar_text",
    "params": {"terms": ["case management", "archive"], "concepts": ["case_management", "archive"]},
}


@pytest.mark.parametrize(
    ("locale", "label"),
    [
        ("sv", "Programvara för dokumenthantering"),
        ("nb", "Programpakke til dokumentforvaltning"),
        ("en", "Document management software package"),
    ],
)
def test_the_shared_cpv_code_is_named_in_the_pages_language(app, locale, label):
    with app.test_request_context(), force_locale(locale):
        assert reason_text(CPV) == f"CPV 48311000-1 ({label})"


def test_a_shared_prefix_that_is_no_listed_code_is_shown_as_it_is(app):
    with app.test_request_context(), force_locale("en"):
        assert reason_text({"code": "cpv_overlap", "params": {"cpv": "48311990", "level": "code"}}) == "CPV 48311990"


def test_shared_concepts_are_named_in_the_pages_language_and_old_reasons_keep_their_terms(app):
    with app.test_request_context(), force_locale("en"):
        assert reason_text(SIMILAR) == "similar descriptions (case management, archive)"
        old = {"code": "similar_text", "params": {"terms": ["archive"]}}
        assert reason_text(old) == "similar descriptions (archive)"


EVERY_KIND = [
    CPV,
    SIMILAR,
    {"code": "both_replace", "params": {"count": 3, "solution": "Public 360"}},
    {"code": "same_supplier", "params": {"supplier": "Tieto"}},
    {"code": "timing", "params": {"quarter": "2027Q1"}},
    {"code": "same_category", "params": {"category": "business_systems"}},
    {"code": "same_category", "params": {"category": "no_such_category"}},
    {"code": "initiative_overlap", "params": {}},
]


@pytest.mark.parametrize("locale", ["nb", "sv", "en"])
def test_a_pages_gettext_words_every_reason_as_the_modules_does(app, locale):
    with app.test_request_context(), force_locale(locale):
        page = PageGettext()
        expected = [reason_text(reason) for reason in EVERY_KIND]
        assert [reason_text(reason, page) for reason in EVERY_KIND * 2] == expected * 2
    assert expected[5] != "same category: business_systems"  # the category's label, not its code
