"""What a signed-in request costs before its page's own work, beside the bare query: the floor the list pages
stand on (``bench/profile_endpoints.py --floor``).

Three probe routes are added to the in-process app only (never to the app itself), each behind the same sign-in
as the pages, and asked as the IT coordinator: one that answers at once (the session, the principal, Flask and
the app's hooks), one that runs one statement (its transaction: the pool's check, BEGIN, the scope settings,
the statement, the rollback), and one that also renders the layout around an empty page. The bare app
(``bench/bare_app.py``) is asked in the same process through its own test client, on the same database as the
application role under the same scope settings. CPU milliseconds a request, the best of a few rounds.
"""

from __future__ import annotations

import importlib
import os
import time

from flask import render_template
from flask_login import login_required
from sqlalchemy import text

LAYOUT_ONLY = '{% extends "ui/base.html" %}{% block title %}-{% endblock %}{% block content %}-{% endblock %}'
ROUNDS = 5


def add_probes(app) -> dict[str, str]:
    """The probe routes, by what each measures."""
    from samverka.platform.core.extensions import db

    with app.app_context():
        layout = app.jinja_env.from_string(LAYOUT_ONLY)

    def nothing():
        return "-"

    def one_statement():
        db.session.execute(text("SELECT 1"))
        return "-"

    def layout_and_one_statement():
        db.session.execute(text("SELECT 1"))
        return render_template(layout)

    probes = {
        "signed in, no work": nothing,
        "signed in, one statement": one_statement,
        "signed in, one statement, the layout": layout_and_one_statement,
    }
    paths = {}
    for number, (name, view) in enumerate(probes.items()):
        path = f"/_floor/{number}"
        app.add_url_rule(path, f"floor_{number}", login_required(view))
        paths[name] = path
    return paths


def cpu_ms(client, path: str, count: int) -> float:
    """The best of ``ROUNDS`` rounds of ``count`` requests, CPU milliseconds a request (each must answer 200)."""
    for _ in range(5):
        client.get(path)
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(count):
            if client.get(path).status_code != 200:
                raise SystemExit(f"{path} did not answer 200")
        best = min(best, (time.process_time() - started) * 1000 / count)
    return best


def bare_client(database_url: str, tenant_id: int, scope: str):
    """The bare app's test client; it reads its settings from the environment when it is imported."""
    os.environ.update({"BARE_DATABASE_URL": database_url, "BARE_TENANT_ID": str(tenant_id), "BARE_SCOPE": scope})
    return importlib.import_module("bench.bare_app").app.test_client()
