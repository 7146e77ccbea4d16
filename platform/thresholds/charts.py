"""A joint procurement's aggregated estimated value against the thresholds it is compared with."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from samverka.platform.charts.bars import Bar, BarRow, bar_chart
from samverka.platform.charts.figure import Figure, Row, Table
from samverka.platform.charts.scales import currency_label
from samverka.platform.core.money import money
from samverka.platform.thresholds.labels import kind_label


def value_chart(value) -> Figure | None:
    """``value``: the AggregatedValue the viewer may see; None when no thresholds are entered."""
    if value.threshold_year is None or not value.checks:
        return None
    label = _("Aggregated estimated value, excl. VAT")
    rows = [BarRow(label, (Bar(value.total_minor, "strong"),))]
    rows += [BarRow(kind_label(c.country, c.kind), (Bar(c.amount_minor, "grey"),)) for c in value.checks]
    reached = sum(1 for c in value.checks if c.reached)
    summary = ngettext(
        "The estimated value, %(value)s, reaches %(reached)s of the %(num)s threshold.",
        "The estimated value, %(value)s, reaches %(reached)s of the %(num)s thresholds.",
        len(value.checks),
        value=money(value.total_minor, value.currency),
        reached=reached,
    )
    table = Table(
        _("Thresholds of %(year)s compared with the estimated value", year=value.threshold_year),
        (_("Threshold"), _("Amount excl. VAT"), _("Reached")),
        tuple(
            Row((kind_label(c.country, c.kind), money(c.amount_minor, c.currency), _("Yes") if c.reached else _("No")))
            for c in value.checks
        ),
        frozenset({1}),
    )
    legend = [("strong", label), ("grey", _("Threshold"))]
    return Figure(
        "chart-value",
        _("Estimated value and thresholds"),
        summary,
        table,
        bar_chart(rows, currency_label(value.currency), legend),
    )
