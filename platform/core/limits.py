"""Rate limits on what an attacker would repeat: sign-in, the e-ID callback, links carrying a token, API writes.

One limiter (Flask-Limiter) counts in Redis when ``REDIS_URL`` is set, so every web process shares
the counts, and in memory otherwise (the demo). A signed-in caller is counted by user id, anyone
else by address; behind a reverse proxy set ``TRUSTED_PROXY_HOPS`` so that the address is the
client's (``X-Forwarded-For``) and not the proxy's. The limits are configured (``RATE_LIMIT_*``)
and applied in ``apply`` to the endpoints of each kind, found by their names, their rules and
methods once every area is registered, so no view carries a decorator. A request over a limit
gets 429 with ``Retry-After``: the API's error shape under ``/api/``, a translated page elsewhere.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from samverka.platform.core.http_errors import error_body
from samverka.platform.core.request import current_principal

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Endpoints by kind; a link that carries a token is any route with a ``<token>`` argument.
SIGN_IN_ENDPOINTS = ("auth.start",)
CALLBACK_ENDPOINTS = ("auth.callback",)
_LIMITER = "samverka.limiter"


def caller_key() -> str:
    """Whom a request is counted against: the signed-in user, else the client's address."""
    principal = current_principal()
    if principal.is_authenticated:
        return f"user:{principal.user_id}"
    return f"address:{request.remote_addr or 'unknown'}"


def init_app(app: Flask) -> None:
    """One limiter per app: Flask-Limiter keeps its storage and on/off switch on the limiter itself."""
    config = app.config
    config.setdefault("RATELIMIT_ENABLED", config["RATE_LIMITS_ENABLED"])
    config.setdefault("RATELIMIT_STORAGE_URI", config.get("REDIS_URL") or "memory://")
    # With Redis away the pages keep serving: each process counts in memory until Redis is back.
    config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    if config["TRUSTED_PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config["TRUSTED_PROXY_HOPS"])
    limiter = Limiter(caller_key, key_prefix="samverka-limits", strategy="moving-window")
    limiter.init_app(app)
    app.extensions[_LIMITER] = limiter
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def apply(app: Flask) -> None:
    """Put each kind's shared limit on its endpoints; call once every blueprint is registered."""
    kinds = {
        "sign-in": (SIGN_IN_ENDPOINTS, "RATE_LIMIT_SIGN_IN", None),
        "eid-callback": (CALLBACK_ENDPOINTS, "RATE_LIMIT_EID_CALLBACK", None),
        "token": (_token_endpoints(app), "RATE_LIMIT_TOKENS", None),
        "api-write": (_api_write_endpoints(app), "RATE_LIMIT_API_WRITES", list(WRITE_METHODS)),
    }
    limiter: Limiter = app.extensions[_LIMITER]
    for scope, (endpoints, setting, methods) in kinds.items():
        limit = limiter.shared_limit(_configured(setting), scope=scope, methods=methods)
        for endpoint in endpoints:
            view = app.view_functions[endpoint]
            app.view_functions[endpoint] = _only_on(methods, view, limit(view)) if methods else limit(view)


def _only_on(methods: list[str], view: Callable, limited: Callable) -> Callable:
    """``limited`` for the requests of ``methods``, ``view`` itself for the others: an API list and its
    POST share one endpoint, and Flask-Limiter's decorator costs its reading (about 0.1 ms) on every GET,
    on which it counts nothing."""

    @wraps(view)
    def dispatch(*args, **kwargs):
        return (limited if request.method in methods else view)(*args, **kwargs)

    return dispatch


def _token_endpoints(app: Flask) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "token" in rule.arguments})


def _api_write_endpoints(app: Flask) -> list[str]:
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/") and set(WRITE_METHODS) & (rule.methods or set())
        }
    )


def _retry_after() -> int:
    """Whole seconds until the breached limit lets the caller in again (at least one)."""
    reached = current_app.extensions[_LIMITER].current_limit
    if reached is None:
        return 60
    return max(1, math.ceil(reached.reset_at - time.time()))


def hit(setting: str, scope: str, key: str) -> int | None:
    """Count one request against the configured limit ``setting`` for ``key`` (not the caller: an API token,
    say); None while under it, else the seconds until it lets ``key`` in again. With the limits off, None."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    strategy = current_app.extensions[_LIMITER].limiter
    for limit in parse_many(current_app.config[setting]):
        if not strategy.hit(limit, scope, key):
            reset_at = strategy.get_window_stats(limit, scope, key).reset_time
            return max(1, math.ceil(reset_at - time.time()))
    return None


def too_many_requests_answer(retry_after: int):
    """The API's 429, for a limit counted outside Flask-Limiter's decorators (``hit``)."""
    message = _("Too many requests. Wait a moment and try again.")
    return jsonify(error_body(429, "Too Many Requests", message)), 429, {"Retry-After": str(retry_after)}


def _too_many_requests(exc: RateLimitExceeded):
    headers = {"Retry-After": str(_retry_after())}
    message = _("Too many requests. Wait a moment and try again.")
    if request.path.startswith("/api/"):
        return jsonify(error_body(429, "Too Many Requests", message)), 429, headers
    page = render_template("ui/error.html", code=429, title=_("Too many attempts"), detail=message)
    return page, 429, headers
