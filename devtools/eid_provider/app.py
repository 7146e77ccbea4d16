"""The Flask application factory for the development e-ID provider."""

from __future__ import annotations

import hashlib
import secrets

from flask import Flask

from .claims import ClaimBuilder
from .config import ProviderConfig, validate_config
from .keys import SigningKey
from .server import SCOPES, ProviderState, build_server
from .store import MemoryStore
from .views import SERVER_EXTENSION, bp


def create_provider_app(config: ProviderConfig) -> Flask:
    """Build a provider app; raises ValueError for an unusable configuration."""
    validate_config(config)
    signing_key = SigningKey(config.signing_key_pem)
    state = ProviderState(
        config=config,
        signing_key=signing_key,
        # A spent code or used nonce must be remembered as long as anything issued
        # from it is valid, so a replay is caught rather than forgotten.
        store=MemoryStore(forget_after=config.code_lifetime + config.id_token_lifetime),
        claims=ClaimBuilder(config.claim_profile, signing_key.derive_secret("pairwise-sub")),
        log_secret=signing_key.derive_secret("log-reference"),
    )
    app = Flask(__name__)
    app.config.update(_flask_settings(config))
    app.extensions[SERVER_EXTENSION] = build_server(app, state)
    app.register_blueprint(bp)
    return app


def _flask_settings(config: ProviderConfig) -> dict[str, object]:
    return {
        # Provider sessions only have to live as long as this process.
        "SECRET_KEY": secrets.token_bytes(32),
        "SESSION_COOKIE_NAME": _cookie_name(config.issuer),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": config.issuer.startswith("https://"),
        "OAUTH2_SCOPES_SUPPORTED": list(SCOPES),
        "OAUTH2_TOKEN_EXPIRES_IN": {"authorization_code": config.id_token_lifetime},
    }


def _cookie_name(issuer: str) -> str:
    # Browsers share cookies between all ports of a host, so the app on :5000 and
    # providers on :5001/:5002 would overwrite each other's "session" cookie.
    return "eid_provider_" + hashlib.sha256(issuer.encode()).hexdigest()[:8]
