"""The PostgreSQL row-level-security policies a model's tenancy rule says, as SQL statements.

A migration that creates or changes a scoped table pastes the output of
``samverka db policy-sql <table>`` into itself, so the revision keeps its effect whatever the
rule says later. ``tests/core/test_policies.py`` proves that the database's policies are the
ones the current rules generate, so a rule changed without a migration fails the suite.
"""

from __future__ import annotations

from samverka.platform.core.tenancy.guard import rule_of, scoped_models
from samverka.platform.core.tenancy.rules import TenancyRule, as_sql

# The system role's connection (``session_user``), never a setting the web role could write itself.
SYSTEM = "(SELECT samverka_system())"
# (policy name, command, clause, which part of the rule)
_SHAPE = (
    ("read", "SELECT", "USING", "read"),
    ("write_insert", "INSERT", "WITH CHECK", "insert"),
    ("write_update", "UPDATE", "USING+CHECK", "update"),
    ("write_delete", "DELETE", "USING", "delete"),
)


def _condition(rule: TenancyRule, part: str) -> str:
    condition = rule.read if part == "read" else rule.for_command(part)
    return f"{SYSTEM} OR {as_sql(condition)}"


def policy_statements(table: str, rule: TenancyRule) -> list[str]:
    """One permissive policy per command: the system's work, or what the rule says.

    An update reaches only the rows the rule lets one change, and each must come out as one the
    rule lets one write (the scope one holds write access in, before and after).
    """
    statements = []
    for name, command, clause, part in _SHAPE:
        expression = _condition(rule, part)
        if clause == "USING+CHECK":
            body = f"USING ({expression}) WITH CHECK ({expression})"
        else:
            body = f"{clause} ({expression})"
        statements.append(f"CREATE POLICY {name} ON {table} FOR {command} {body}")
    return statements


def all_policy_statements() -> dict[str, list[str]]:
    """Every scoped table's policies, by table name."""
    return {model.__tablename__: policy_statements(model.__tablename__, rule_of(model)) for model in scoped_models()}
