"""The application factory. Each domain area is registered here explicitly."""

from __future__ import annotations

import logging
import os

from flask import Flask

from samverka.platform.core import routing
from samverka.platform.core.config import load_config
from samverka.platform.core.extensions import (
    SYSTEM_BIND,
    api,
    babel,
    csrf,
    db,
    enforce_foreign_keys,
    login_manager,
    tune_postgresql,
)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask("samverka.platform.app", instance_path=_instance_path())
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path, overrides))
    app.config.update(_api_settings())
    if app.config.get("SYSTEM_DATABASE_URL"):
        binds = app.config.get("SQLALCHEMY_BINDS", {})
        app.config["SQLALCHEMY_BINDS"] = {**binds, SYSTEM_BIND: app.config["SYSTEM_DATABASE_URL"]}
    routing.init_app(app)  # before any route is added: every <int:...> is a bounded id
    _init_extensions(app)
    _register_areas(app)
    return app


def _instance_path() -> str:
    return os.path.abspath(os.environ.get("SAMVERKA_INSTANCE", "instance"))


def _api_settings() -> dict:
    return {
        "API_TITLE": "Samverka",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }


def _init_extensions(app: Flask) -> None:
    from samverka.platform import models  # noqa: F401 - the whole schema, for the tenancy guard and Alembic
    from samverka.platform.core import i18n, transactions

    db.init_app(app)
    transactions.init_app(app)  # after db: its teardown runs before the session is removed
    with app.app_context():
        for engine in db.engines.values():
            enforce_foreign_keys(engine)
            tune_postgresql(engine)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    api.init_app(app)
    logging.getLogger("samverka").setLevel(logging.INFO)


def _register_areas(app: Flask) -> None:
    """Explicit, ordered registration: no discovery by walking folders."""
    from samverka.jobs import queue, registry
    from samverka.platform.attention import services as attention
    from samverka.platform.auth import session as request_session
    from samverka.platform.auth import stepup
    from samverka.platform.core import http_errors, i18n, limits, security
    from samverka.platform.documents import storage as documents_storage
    from samverka.platform.documents import views as documents_views
    from samverka.platform.health import requests as health_requests

    health_requests.init_app(app)  # first: its request id and timing cover every other hook
    security.init_app(app)
    limits.init_app(app)
    request_session.init_app(app)
    _api_tokens(app)
    i18n.init_app(app)
    http_errors.init_app(app)
    stepup.init_app(app)
    queue.init_app(app)
    documents_storage.init_app(app)
    documents_views.init_app(app)
    _signatures(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    for blueprint in _api_blueprints():
        api.register_blueprint(blueprint)
    attention.init_app(app, _attention_sources())
    _procurement_running(app)
    limits.apply(app)
    _import_jobs()
    registry.check()


def _blueprints() -> list:
    from samverka.platform.auth import tokens_views
    from samverka.platform.auth import views as auth_views
    from samverka.platform.awards import views as awards_views
    from samverka.platform.benefits import rollup_views
    from samverka.platform.benefits import views as benefits_views
    from samverka.platform.charts import views as charts_views
    from samverka.platform.contracts import views as contracts_views
    from samverka.platform.delivery import views as delivery_views
    from samverka.platform.documents import views as documents_views
    from samverka.platform.health import metrics as health_metrics
    from samverka.platform.health import views as health_views
    from samverka.platform.matching import views as matching_views
    from samverka.platform.needs import views as needs_views
    from samverka.platform.operations import views as operations_views
    from samverka.platform.plans import views as plans_views
    from samverka.platform.portability import views as portability_views
    from samverka.platform.procurements import views as procurements_views
    from samverka.platform.publication import views as publication_views
    from samverka.platform.requirements import library_views as requirement_library_views
    from samverka.platform.requirements import views as requirements_views
    from samverka.platform.signatures import views as signatures_views
    from samverka.platform.tenders import views as tenders_views
    from samverka.platform.thresholds import views as thresholds_views
    from samverka.platform.ui import views as ui_views
    from samverka.tenants import views as tenants_views

    return [
        health_views.bp,
        health_metrics.bp,
        ui_views.bp,
        charts_views.bp,
        auth_views.bp,
        tokens_views.bp,
        tenants_views.bp,
        needs_views.bp,
        procurements_views.bp,
        requirements_views.bp,
        requirement_library_views.bp,
        matching_views.bp,
        plans_views.bp,
        thresholds_views.bp,
        contracts_views.bp,
        documents_views.bp,
        tenders_views.bp,
        awards_views.bp,
        signatures_views.bp,
        delivery_views.bp,
        benefits_views.bp,
        rollup_views.bp,
        portability_views.bp,
        operations_views.bp,
        publication_views.bp,
    ]


def _api_blueprints() -> list:
    from samverka.platform.attention import api as attention_api
    from samverka.platform.auth import tokens_api
    from samverka.platform.awards import api as awards_api
    from samverka.platform.benefits import api as benefits_api
    from samverka.platform.benefits import rollup_api
    from samverka.platform.contracts import api as contracts_api
    from samverka.platform.cpv import api as cpv_api
    from samverka.platform.delivery import api as delivery_api
    from samverka.platform.documents import api as documents_api
    from samverka.platform.matching import api as matching_api
    from samverka.platform.needs import api as needs_api
    from samverka.platform.plans import api as plans_api
    from samverka.platform.portability import api as portability_api
    from samverka.platform.procurements import api as procurements_api
    from samverka.platform.publication import api as publication_api
    from samverka.platform.requirements import api as requirements_api
    from samverka.platform.signatures import api as signatures_api
    from samverka.platform.tenders import api as tenders_api
    from samverka.platform.thresholds import api as thresholds_api
    from samverka.tenants import api as tenants_api

    return [
        tenants_api.blp,
        cpv_api.blp,
        needs_api.blp,
        procurements_api.blp,
        requirements_api.blp,
        matching_api.blp,
        thresholds_api.blp,
        plans_api.blp,
        contracts_api.blp,
        documents_api.blp,
        tenders_api.blp,
        awards_api.blp,
        signatures_api.blp,
        delivery_api.blp,
        benefits_api.blp,
        rollup_api.blp,
        portability_api.blp,
        attention_api.blp,
        publication_api.blp,  # public: no sign-in (OCDS)
        tokens_api.blp,
    ]


def _attention_sources() -> tuple:
    """What each area contributes to "What needs my attention", in the order the page lists equal items."""
    from samverka.platform.awards.attention import awards_attention
    from samverka.platform.benefits.attention import benefits_attention
    from samverka.platform.contracts.attention import contracts_attention
    from samverka.platform.delivery.attention import delivery_attention
    from samverka.platform.matching.attention import matching_attention
    from samverka.platform.needs.attention import needs_attention
    from samverka.platform.plans.attention import plans_attention
    from samverka.platform.procurements.attention import procurements_attention
    from samverka.platform.requirements.attention import requirements_attention
    from samverka.platform.signatures.attention import signatures_attention

    return (
        signatures_attention,
        plans_attention,
        procurements_attention,
        awards_attention,
        delivery_attention,
        benefits_attention,
        requirements_attention,
        contracts_attention,
        needs_attention,
        matching_attention,
    )


def _api_tokens(app: Flask) -> None:
    """What a partner's API token may read (GET only): what the partner's readers read of their region's
    procurements. The public data (OCDS) needs no token; its endpoints belong here too once they exist."""
    from samverka.platform.auth import tokens_bearer

    tokens_bearer.init_app(
        app,
        readable=(
            "delivery_api.region_pipeline",
            "procurements_api.Procurements",
            "procurements_api.procurement_detail",
        ),
        own_bearer=("metrics.metrics",),  # Prometheus's token (METRICS_TOKEN), not a partner's
    )


def _signatures(app: Flask) -> None:
    """The DPA: its signing material, the e-ID ceremony's handler for a signature, and what completion runs."""
    from samverka.platform.auth import ceremony
    from samverka.platform.procurements import panels as procurement_panels
    from samverka.platform.publication.panel import publication_panel
    from samverka.platform.signatures import certificates, completion
    from samverka.platform.signatures import panel as signatures_panel
    from samverka.platform.signatures import views as signatures_views
    from samverka.platform.signatures.services.ceremony import PURPOSE

    certificates.init_app(app)
    ceremony.init_app(app, {PURPOSE: signatures_views.on_signature})
    from samverka.platform.delivery.services import schedule_delivery

    # Once every participant has signed, the signed papers go out (a job, after the commit).
    completion.init_app(app, on_dpa_signed=(schedule_delivery,))
    procurement_panels.init_app(app, (signatures_panel.dpa_panel, publication_panel))


def _procurement_running(app: Flask) -> None:
    """The gates of each procurement stage, what a restart copies, and what follows a contract's signature."""
    from samverka.platform.awards import gates as awards_gates
    from samverka.platform.awards import signing as awards_signing
    from samverka.platform.delivery.services import schedule_delivery
    from samverka.platform.procurements import gates, running
    from samverka.platform.requirements import gates as requirements_gates
    from samverka.platform.requirements import restart as requirements_restart
    from samverka.platform.tenders import gates as tenders_gates
    from samverka.platform.tenders import restart as tenders_restart

    checks: dict[str, list] = {}
    for area_checks in (gates.OWN_CHECKS, requirements_gates.CHECKS, tenders_gates.CHECKS, awards_gates.CHECKS):
        for stage, found in area_checks.items():
            checks.setdefault(stage, []).extend(found)
    gates.init_app(app, checks)
    running.init_app(
        app,
        copiers=(requirements_restart.copy_team_and_requirements, tenders_restart.copy_criteria_and_requirements),
    )
    # A contract without personal data needs no DPA: its signature alone lets the papers go out.
    awards_signing.init_app(app, on_contract_signed=(schedule_delivery,))


def _import_jobs() -> None:
    """Every area's jobs, so that each is registered (and every reference to one checked) at start-up."""
    from samverka.jobs import schedule  # noqa: F401 - the periodic jobs' references
    from samverka.jobs import tasks as outbox_tasks  # noqa: F401
    from samverka.platform.audit import tasks as audit_tasks  # noqa: F401
    from samverka.platform.auth import tasks as auth_tasks  # noqa: F401
    from samverka.platform.awards import tasks as award_tasks  # noqa: F401
    from samverka.platform.benefits import tasks as benefit_tasks  # noqa: F401
    from samverka.platform.contracts import tasks as contract_tasks  # noqa: F401
    from samverka.platform.delivery import tasks as delivery_tasks  # noqa: F401
    from samverka.platform.matching import tasks as matching_tasks  # noqa: F401
    from samverka.platform.plans import tasks as plan_tasks  # noqa: F401
    from samverka.platform.portability import tasks as portability_tasks  # noqa: F401
    from samverka.platform.procurements import tasks as procurement_tasks  # noqa: F401
    from samverka.platform.signatures import tasks as signature_tasks  # noqa: F401
    from samverka.tenants import tasks as tenant_tasks  # noqa: F401
