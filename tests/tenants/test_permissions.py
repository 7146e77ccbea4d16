"""The permission model: every permission is used, and the matrix a reviewer reads is current."""

from __future__ import annotations

import ast
from pathlib import Path

from samverka.platform.core.tenancy.guard import rule_of, scoped_models
from samverka.platform.core.tenancy.rules import permissions_of
from samverka.tenants import permissions as perm
from samverka.tenants.permission_matrix import matrix_markdown

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("platform", "tenants", "jobs")
# The table itself and the matrix drawn from it name every permission: they are not uses.
DEFINITIONS = {ROOT / "tenants" / "permissions.py", ROOT / "tenants" / "permission_matrix.py"}
NAMES = {name: value for name, value in vars(perm).items() if value in perm.ALL_PERMISSIONS}


def _named_in_code() -> set[str]:
    """Permissions a module refers to as ``perm.NAME`` (or by name after importing it)."""
    found = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            if path in DEFINITIONS:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
                if name in NAMES:
                    found.add(NAMES[name])
    return found


def _named_in_rules() -> set[str]:
    used = set()
    for model in scoped_models():
        rule = rule_of(model)
        for part in (rule.read, rule.write, rule.insert, rule.update, rule.delete):
            if part is not None:
                used |= permissions_of(part)
    return used


def test_every_permission_is_checked_somewhere(app):
    unused = set(perm.ALL_PERMISSIONS) - _named_in_code() - _named_in_rules()
    assert unused == set()


def test_every_permission_is_held_by_some_role():
    held = set()
    for granted in perm.ROLE_PERMISSIONS.values():
        held |= granted.own | granted.in_regions | granted.in_members | granted.everywhere
    for granted_in_procurement in perm.TEAM_ROLE_PERMISSIONS.values():
        held |= granted_in_procurement
    assert held == set(perm.ALL_PERMISSIONS)


def test_the_permission_matrix_in_docs_is_current():
    written = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert written == matrix_markdown(), "run: samverka permissions matrix > docs/permissions.md"
