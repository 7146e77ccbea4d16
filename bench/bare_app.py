"""The bare stack the HTTP benchmark compares Samverka with: Flask, Flask-SQLAlchemy, gunicorn, PostgreSQL.

One route, ``/needs``: one tenant's 20 latest needs as JSON, one indexed query (``ix_needs_tenant_id``).
``bench/http_bench.py`` starts it under gunicorn with the same settings as the app, twice: once as the
database administrator (no row-level security: the tables' owner is held by RLS too, FORCE ROW LEVEL
SECURITY) and once as the application role, where each transaction first sets the same scope settings
as the app (``tenancy.settings.SET_SCOPE``) so that the same RLS policies filter the rows. Configured by the
environment:

* ``BARE_DATABASE_URL``: the database URL (SQLAlchemy form);
* ``BARE_TENANT_ID``: whose needs;
* ``BARE_SCOPE``: JSON of ``SET_SCOPE``'s parameters (``tenancy.settings.scope_settings``); empty: none.

    .venv/bin/gunicorn -w 2 --chdir bench bare_app:app
"""

from __future__ import annotations

import json
import os

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

# The very statement the app runs at the start of each transaction, so that both pay the same for it.
from samverka.platform.core.tenancy.settings import SET_SCOPE

NEEDS = text(
    "SELECT id, title, kind, category, status, desired_start, currency FROM needs"
    " WHERE tenant_id = :tenant_id ORDER BY id DESC LIMIT 20"
)

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BARE_DATABASE_URL"]
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}  # as the app's own settings
db = SQLAlchemy(app)
TENANT_ID = int(os.environ["BARE_TENANT_ID"])
SCOPE = json.loads(os.environ.get("BARE_SCOPE") or "null")


@app.get("/needs")
def needs():
    if SCOPE is not None:
        db.session.execute(SET_SCOPE, SCOPE)
    rows = db.session.execute(NEEDS, {"tenant_id": TENANT_ID}).mappings()
    return jsonify([dict(row) for row in rows])
