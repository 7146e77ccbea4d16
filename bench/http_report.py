"""The HTTP benchmark's table, its targets, and its section in bench/README.md."""

from __future__ import annotations

import os
import platform  # the standard library's (the repository's platform/ is samverka.platform)
import re
import statistics
from datetime import UTC, datetime
from pathlib import Path

from bench.http_load import Run

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- http-bench:figures -->", "<!-- /http-bench:figures -->"
LIST_SHARE, LIST_P99_MS, HEALTH_SHARE = 0.5, 100.0, 0.8


def _median_rate(runs: list[Run], kind: str) -> float:
    rates = [r.per_second for r in runs if r.endpoint.kind == kind]
    return statistics.median(rates) if rates else 0.0


def verdict(run: Run, bare: float, anonymous_health: float) -> str:
    """Whether the run meets its target; a run with answers other than 2xx fails whatever its speed."""
    if not run.ok:
        status = f", first {run.first_bad_status}" if run.first_bad_status else ""
        return f"**FAILED: {run.non2xx} not 2xx{status}, {run.socket_errors} socket errors**"
    if run.endpoint.kind == "list":
        share, fast = run.per_second >= LIST_SHARE * bare, run.p99_ms <= LIST_P99_MS
        misses = [m for m, ok in (("req/s", share), ("p99", fast)) if not ok]
        return "yes" if not misses else f"no ({', '.join(misses)})"
    if run.endpoint.kind == "health" and run.endpoint.who:
        return "yes" if run.per_second >= HEALTH_SHARE * anonymous_health else "no (< 80 % of anonymous)"
    return "reference"


def table(runs: list[Run]) -> str:
    """Markdown: one row a run, in the order run; the ratios are to the median bare query under RLS."""
    bare, free = _median_rate(runs, "bare-rls"), _median_rate(runs, "bare-no-rls")
    bare_cpu = _median_cpu(runs, "bare-rls")
    health = next((r.per_second for r in runs if r.endpoint.kind == "health" and not r.endpoint.who), 0.0)
    rows = [
        "| endpoint | as | req/s | p50 ms | p99 ms | ratio to bare (RLS) | ratio to bare (no RLS) "
        "| workers' CPU ms/request | CPU ratio (bare ÷ this) | SQL statements | target met? |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        if run.endpoint.kind == "bare-rls":
            continue  # summarised below: one after every endpoint
        rows.append(
            f"| {run.endpoint.name} | {run.endpoint.who or '-'} | {run.per_second:.0f} | {run.p50_ms:.1f} "
            f"| {run.p99_ms:.1f} | {_ratio(run.per_second, bare)} | {_ratio(run.per_second, free)} "
            f"| {_cpu(run.cpu_ms)} | {_ratio(bare_cpu, run.cpu_ms)} "
            f"| {'-' if run.statements is None else run.statements} | {verdict(run, bare, health)} |"
        )
    rls = [r for r in runs if r.endpoint.kind == "bare-rls"]
    if rls:
        rates = [r.per_second for r in rls]
        failed = [r for r in rls if not r.ok]
        rows.append(
            f"| bare 20 rows (app role, RLS), {len(rls)} runs: median (min–max) | - | {bare:.0f} "
            f"({min(rates):.0f}–{max(rates):.0f}) | {statistics.median(r.p50_ms for r in rls):.1f} "
            f"| {statistics.median(r.p99_ms for r in rls):.1f} | 1.00 | {_ratio(bare, free)} | {_cpu(bare_cpu)} | 1.00 "
            f"| 2 | {'reference' if not failed else verdict(failed[0], bare, health)} |"
        )
    return "\n".join(rows)


def _median_cpu(runs: list[Run], kind: str) -> float | None:
    used = [r.cpu_ms for r in runs if r.endpoint.kind == kind and r.cpu_ms is not None]
    return statistics.median(used) if used else None


def _cpu(ms: float | None) -> str:
    return "-" if ms is None else f"{ms:.1f}"


def _ratio(value: float | None, reference: float | None) -> str:
    return f"{value / reference:.2f}" if value is not None and reference else "-"


def machine() -> str:
    cpu = _first(Path("/proc/cpuinfo"), r"model name\s*:\s*(.+)") or platform.processor()
    ram = _first(Path("/proc/meminfo"), r"MemTotal:\s*(\d+) kB")
    ram_text = f"{int(ram) / 1024 / 1024:.0f} GB RAM" if ram else "RAM unknown"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    python = platform.python_version()
    return f"{os.cpu_count()} CPUs ({cpu}), {ram_text}, Python {python}; load average at the end {load}"


def _first(path: Path, pattern: str) -> str | None:
    try:
        found = re.search(pattern, path.read_text())
    except OSError:
        return None
    return found.group(1).strip() if found else None


def write_readme(figures: str, args) -> None:
    """Replace the figures between the section's two markers (the rest of the README stays as written)."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"{START}\nMeasured {when} on {machine()}; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.seconds}s per run.\n\n{figures}\n{END}"
    )
    text = README.read_text()
    if START not in text:
        raise SystemExit(f"bench/README.md has no {START} marker in its HTTP benchmark section")
    README.write_text(re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S))
