"""Every export goes through the one cell writer in ``platform/core/exports.py``.

Scans the source: no other module builds a csv writer, writes a worksheet cell's value,
appends worksheet rows or makes a reportlab Paragraph, so a new export cannot skip the
formula and markup neutralisation.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "platform" / "core" / "exports.py"


def _sources():
    for folder in ("platform", "tenants", "jobs"):
        for path in (ROOT / folder).rglob("*.py"):
            if path != HELPER:
                yield path, ast.parse(path.read_text(), str(path))


def _offences(path: Path, tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        owner = (
            node.func.value.id if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) else ""
        )
        if owner == "csv" and name in ("writer", "DictWriter"):
            found.append(f"{path.name}:{node.lineno} csv.{name}")
        if name == "cell" and (len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)):
            found.append(f"{path.name}:{node.lineno} a cell written directly")
        if name == "append" and owner in ("sheet", "ws", "worksheet"):
            found.append(f"{path.name}:{node.lineno} rows appended to a worksheet")
        if name == "Paragraph":
            found.append(f"{path.name}:{node.lineno} a Paragraph outside the escaping helper")
    return found


def test_every_export_writes_through_the_core_helper():
    offences = [o for path, tree in _sources() for o in _offences(path, tree)]
    assert offences == []


def test_the_guard_sees_a_direct_writer():
    tree = ast.parse("import csv\nw = csv.writer(out)\nsheet.cell(1, 2, '=1')\nws.append(['=1'])\nParagraph(x)\n")
    assert len(_offences(ROOT / "x.py", tree)) == 4
