"""A municipality's budget lines as CSV, to open in Excel or load into the finance system.

UTF-8 with a byte-order mark, so that Excel reads æøå/åäö right. The delimiter and
decimal mark follow the language, as Excel expects them there: nb and sv use ';'
between fields and a decimal comma ("1250000,50"), en uses ',' and a decimal point.
Amounts are in major units with two decimals and no thousands separator; one row per
line, no totals row, so that every row is data. The maintenance of delivered joint contracts comes after
the plans' lines, one row per contract and year, with its own budget source ("Maintenance").
"""

from __future__ import annotations

from babel.numbers import format_decimal, get_decimal_symbol
from flask_babel import gettext as _

from samverka.platform.core.exports import csv_document
from samverka.platform.plans.export_data import BudgetLine
from samverka.platform.plans.exports import labels
from samverka.platform.plans.exports.numbers import locale_name, major

PLAIN = "0.00"  # no thousands separator: every cell reads back as a number


def budget_lines_csv(lines: list[BudgetLine], tenant_name: str) -> str:
    locale = locale_name()
    # Excel separates fields with ';' where the decimal mark is a comma.
    delimiter = ";" if get_decimal_symbol(locale) == "," else ","
    header = [
        _("Municipality"),
        _("Year"),
        _("Plan version"),
        _("Item"),
        _("Priority"),
        _("Start quarter"),
        _("Budget source"),
        _("Outside the plan"),
        _("One-off cost"),
        _("Annual cost"),
        _("Currency"),
    ]
    rows = [
        [
            tenant_name,
            line.year,
            line.plan_version,
            line.item_title,
            line.priority,
            line.start_quarter,
            line.budget_source,
            labels.yes_no(line.outside_plan),
            major(line.one_off_minor),
            major(line.annual_minor),
            line.currency,
        ]
        for line in lines
    ]
    return csv_document(
        [header, *rows],
        delimiter=delimiter,
        decimal=lambda value: format_decimal(value, format=PLAIN, locale=locale),
        bom=True,
    )
