"""A municipality's budget lines as CSV, to open in Excel or load into the finance system.

UTF-8 with a byte-order mark, so that Excel reads æøå/åäö right. The delimiter and
decimal mark follow the language, as Excel expects them there: nb and sv use ';'
between fields and a decimal comma ("1250000,50"), en uses ',' and a decimal point.
Amounts are in major units with two decimals and no thousands separator; one row per
line, no totals row, so that every row is data.
"""
from __future__ import annotations

import csv
from io import StringIO

from flask_babel import gettext as _

from samverka.platform.plans.export_data import BudgetLine
from samverka.platform.plans.exports import labels
from samverka.platform.plans.exports.numbers import locale_name, major

BOM = "\ufeff"
COMMA_LOCALES = ("en",)


def dialect_for(locale: str) -> tuple[str, str]:
    """(field delimiter, decimal mark) for a language."""
    return (",", ".") if locale.split("_")[0] in COMMA_LOCALES else (";", ",")


def budget_lines_csv(lines: list[BudgetLine], tenant_name: str) -> str:
    delimiter, decimal_mark = dialect_for(locale_name())
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_("Municipality"), _("Year"), _("Plan version"), _("Item"), _("Priority"), _("Start quarter"),
                     _("Budget source"), _("Outside the plan"), _("One-off cost"), _("Annual cost"), _("Currency")])
    for line in lines:
        writer.writerow([tenant_name, line.year, line.plan_version, line.item_title, line.priority,
                         line.start_quarter, line.budget_source, labels.yes_no(line.outside_plan),
                         str(major(line.one_off_minor)).replace(".", decimal_mark),
                         str(major(line.annual_minor)).replace(".", decimal_mark), line.currency])
    return BOM + out.getvalue()
