"""The application factory. Each domain area is registered here explicitly."""

from __future__ import annotations

import logging
import os

from flask import Flask

from samverka.platform.core.config import load_config
from samverka.platform.core.extensions import api, babel, csrf, db, login_manager


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask("samverka.platform.app", instance_path=_instance_path())
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path, overrides))
    app.config.update(_api_settings())
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
    from samverka.platform.core import i18n

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    api.init_app(app)
    logging.getLogger("samverka").setLevel(logging.INFO)


def _register_areas(app: Flask) -> None:
    """Explicit, ordered registration: no discovery by walking folders."""
    from samverka.jobs import queue
    from samverka.platform.auth import views as auth_views
    from samverka.platform.contracts import api as contracts_api
    from samverka.platform.contracts import views as contracts_views
    from samverka.platform.core import errors, i18n, security
    from samverka.platform.core import session as request_session
    from samverka.platform.cpv import api as cpv_api
    from samverka.platform.health import views as health_views
    from samverka.platform.matching import api as matching_api
    from samverka.platform.matching import views as matching_views
    from samverka.platform.needs import api as needs_api
    from samverka.platform.needs import views as needs_views
    from samverka.platform.plans import api as plans_api
    from samverka.platform.plans import views as plans_views
    from samverka.platform.procurements import api as procurements_api
    from samverka.platform.procurements import views as procurements_views
    from samverka.platform.thresholds import api as thresholds_api
    from samverka.platform.thresholds import views as thresholds_views
    from samverka.platform.ui import views as ui_views
    from samverka.tenants import api as tenants_api
    from samverka.tenants import views as tenants_views

    security.init_app(app)
    request_session.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    queue.init_app(app)
    app.register_blueprint(health_views.bp)
    app.register_blueprint(ui_views.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(tenants_views.bp)
    app.register_blueprint(needs_views.bp)
    app.register_blueprint(procurements_views.bp)
    app.register_blueprint(matching_views.bp)
    app.register_blueprint(plans_views.bp)
    app.register_blueprint(thresholds_views.bp)
    app.register_blueprint(contracts_views.bp)
    api.register_blueprint(tenants_api.blp)
    api.register_blueprint(cpv_api.blp)
    api.register_blueprint(needs_api.blp)
    api.register_blueprint(procurements_api.blp)
    api.register_blueprint(matching_api.blp)
    api.register_blueprint(thresholds_api.blp)
    api.register_blueprint(plans_api.blp)
    api.register_blueprint(contracts_api.blp)
