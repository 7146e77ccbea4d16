"""The tenancy rules as declared on the models: complete, flat, and naming only known permissions.

These hold on SQLite too: they read the models, not a database.
"""

from __future__ import annotations

from sqlalchemy import inspect

from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import rule_of, scoped_models
from samverka.platform.core.tenancy.rules import columns_of, permissions_of
from samverka.tenants.permissions import ALL_PERMISSIONS

SCOPE_COLUMNS = {"tenant_id", "region_id", "partner_id"}
# Tables that hold no municipality's, region's or partner's data, and why.
UNSCOPED = {"audit_chain_head": "one row: the newest audit hash"}
PARTS = ("read", "write", "insert", "update", "delete")


def _conditions(rule):
    return [getattr(rule, part) for part in PARTS if getattr(rule, part) is not None]


def test_every_table_with_a_scope_column_declares_its_rule(app):
    tables = {table.name: table for table in db.metadata.sorted_tables}
    scoped = {model.__tablename__ for model in scoped_models()}
    missing = [
        name for name, table in tables.items() if SCOPE_COLUMNS & set(table.columns.keys()) and name not in scoped
    ]
    assert missing == []
    assert set(tables) - scoped == set(UNSCOPED)


def test_each_rule_compares_only_columns_of_its_own_table(app):
    for model in scoped_models():
        own = set(inspect(model).columns.keys())
        for condition in _conditions(rule_of(model)):
            assert columns_of(condition) <= own, model.__tablename__


def test_each_rule_names_only_permissions_of_the_permission_table(app):
    for model in scoped_models():
        for condition in _conditions(rule_of(model)):
            assert permissions_of(condition) <= set(ALL_PERMISSIONS), model.__tablename__


def test_each_rule_declares_the_scope_columns_its_permissions_are_checked_against(app):
    for model in scoped_models():
        rule = rule_of(model)
        own = set(inspect(model).columns.keys())
        assert set(rule.scopes) <= {"tenant", "region", "partner", "procurement"}, model.__tablename__
        assert set(rule.scopes.values()) <= own, model.__tablename__
