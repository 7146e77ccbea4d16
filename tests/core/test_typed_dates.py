"""Dates typed in forms: 01.04.2023, 1.4.2023, 2023-04-01 and 01/04/2023 are all the first of April 2023."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import Schema, ValidationError

from samverka.platform.core.schemas import TypedDate
from samverka.platform.core.time import parse_typed_date, typed_date_text

APRIL_FIRST = date(2023, 4, 1)


@pytest.mark.parametrize("typed", ["01.04.2023", "1.4.2023", "2023-04-01", "2023-4-1", "01/04/2023", " 1/4/2023 "])
def test_the_local_short_forms_and_iso_are_read(typed):
    assert parse_typed_date(typed) == APRIL_FIRST


@pytest.mark.parametrize("typed", ["31.02.2023", "01.04.23", "04/01/23", "2023/04/01", "1. april 2023", "", "x"])
def test_anything_else_is_not_a_date(typed):
    assert parse_typed_date(typed) is None


@pytest.mark.parametrize(("locale", "shown"), [("nb", "01.04.2023"), ("sv", "2023-04-01"), ("en", "01/04/2023")])
def test_a_form_shows_the_date_as_its_language_writes_it_and_reads_it_back(locale, shown):
    assert typed_date_text(APRIL_FIRST, locale) == shown
    assert parse_typed_date(shown) == APRIL_FIRST


class _Form(Schema):
    day = TypedDate()


def test_the_schema_field_loads_typed_dates_and_refuses_others():
    assert _Form().load({"day": "1.4.2023"}) == {"day": APRIL_FIRST}
    with pytest.raises(ValidationError):
        _Form().load({"day": "30.02.2023"})
    with pytest.raises(ValidationError):
        _Form().load({"day": 20230401})
