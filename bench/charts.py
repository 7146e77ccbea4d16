"""Time to draw each chart of issue 10 as inline SVG, after warm-up (target: under 30 ms a chart).

CPU time is what a chart costs the server; wall time also counts whatever else the machine runs.

Run from the repository root: ``.venv/bin/python bench/charts.py [--runs 200]``. It times
``Figure.svg`` (the drawing, renderSVG and the CSP clean-up) for charts as large as a real page
shows: a plan of 20 items, 7 municipalities' shares, 3 thresholds, 25 contracts of one page.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from types import SimpleNamespace

from samverka.platform.app import create_app
from samverka.platform.contracts.charts import contracts_chart
from samverka.platform.plans.charts import TimelineItem, shares_figure, timeline_figure
from samverka.platform.thresholds.charts import value_chart

TOWNS = ["Kongsberg", "Flesberg", "Rollag", "Nore og Uvdal", "Notodden", "Hjartdal", "Tinn"]


def _figures():
    items = [
        TimelineItem(f"Felles tiltak {n}", f"2027-Q{1 + n % 4}", (24, 18, 12)[n % 3], 1 + n % 3, n * 10**7, n * 10**6)
        for n in range(20)
    ]
    checks = tuple(
        SimpleNamespace(country="NO", kind=k, amount_minor=a, currency="NOK", reached=a < 3 * 10**8)
        for k, a in (("national", 13 * 10**7), ("eu_goods_services", 23 * 10**7), ("eu_works", 58 * 10**8))
    )
    value = SimpleNamespace(threshold_year=2026, checks=checks, total_minor=27 * 10**7, currency="NOK")
    rows = [
        SimpleNamespace(
            contract=SimpleNamespace(
                id=n, title=f"Avtale {n}", starts_on=date(2020 + n % 5, 1, 1), ends_on=date(2027 + n % 4, 6, 30)
            ),
            reprocurement_starts_on=date(2025 + n % 4, 6, 30),
        )
        for n in range(25)
    ]
    for row in rows:
        row.contract.last_end = row.contract.ends_on
    return {
        "plan timeline (20 items)": lambda: timeline_figure(items, 2027, "NOK"),
        "shares (7 municipalities)": lambda: shares_figure([(t, 10**8, 10**7) for t in TOWNS], 2027, "NOK"),
        "value against 3 thresholds": lambda: value_chart(value),
        "contracts (25 on a page)": lambda: contracts_chart(rows, date(2026, 3, 1)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    runs = parser.parse_args().runs
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context("/", headers={"Accept-Language": "nb"}):
        for name, make in _figures().items():
            str(make().svg)  # warm-up: fonts, templates, imports
            wall, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                str(make().svg)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            print(f"{name}: CPU median {statistics.median(cpu):.1f} ms; wall median {statistics.median(wall):.1f} ms")


if __name__ == "__main__":
    main()
