"""Configuration from environment variables, with safe defaults.

``SAMVERKA_ENV`` names one of ``ENVIRONMENTS``; a misspelt one refuses to start rather than
quietly running with development settings. Production refuses to start with a default, missing,
short or low-variety secret, or with one key doing two jobs: a forgotten ``SECRET_KEY`` would let
anyone forge sessions and invitation links, and a guessable ``IDENTITY_HASH_KEY`` would let anyone
who reads the database recover national identity numbers from their hashes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from samverka.platform.core.logs import FORMATS as LOG_FORMATS

DEV_SECRET = "dev-only-not-secret"
ENVIRONMENTS = ("development", "test", "production")
# A key of 32 characters drawn from at least 10 different ones: a random hex or base64 string passes,
# a repeated or keyboard-walk placeholder ("aaaa…", "abab…") does not.
MIN_KEY_LENGTH = 32
MIN_KEY_VARIETY = 10
MIN_CLIENT_SECRET_LENGTH = 16


class ConfigError(RuntimeError):
    """Raised when the environment cannot run the application safely."""


@dataclass(frozen=True)
class ClaimMapping:
    """Which ID-token claims carry the national identity number, in order of preference.

    ID-porten sends ``pid``; Swedish brokers send ``personalIdentityNumber`` or ``ssn``.
    """

    identity_claims: tuple[str, ...]
    name_claim: str = "name"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _claims_from_env() -> ClaimMapping:
    raw = _env("OIDC_IDENTITY_CLAIMS", "pid,personalIdentityNumber,ssn")
    return ClaimMapping(tuple(c.strip() for c in raw.split(",") if c.strip()))


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from the environment plus explicit overrides."""
    env = _env("SAMVERKA_ENV", "development")
    sqlite_default = f"sqlite:///{Path(instance_path) / 'samverka.db'}"
    config = {
        "SAMVERKA_ENV": env,
        "SECRET_KEY": _env("SECRET_KEY", DEV_SECRET),
        # Separate from SECRET_KEY: rotating the session key must not make everyone a stranger.
        "IDENTITY_HASH_KEY": _env("IDENTITY_HASH_KEY", DEV_SECRET),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", sqlite_default),
        "DATABASE_OWNER_URL": _env("DATABASE_OWNER_URL"),
        # System work (jobs, sign-in look-up) connects as its own role; unset: the application's connection.
        "SYSTEM_DATABASE_URL": _env("SYSTEM_DATABASE_URL"),
        "REDIS_URL": _env("REDIS_URL"),
        "OIDC_DISCOVERY_URL": _env("OIDC_DISCOVERY_URL", "http://127.0.0.1:5001/.well-known/openid-configuration"),
        "OIDC_CLIENT_ID": _env("OIDC_CLIENT_ID", "samverka-dev"),
        "OIDC_CLIENT_SECRET": _env("OIDC_CLIENT_SECRET", "dev-client-secret"),
        "OIDC_CLAIMS": _claims_from_env(),
        # Origins of the provider's login and logout pages when they differ from the discovery URL's.
        "OIDC_FORM_ACTION_ORIGINS": _env("OIDC_FORM_ACTION_ORIGINS", ""),
        "OIDC_LOGIN_ACR": _env("OIDC_LOGIN_ACR", "idporten-loa-substantial"),
        # The level a step-up asks for (a vote, the operator's changes); empty: the strongest in OIDC_ACR_ORDER.
        "OIDC_STEPUP_ACR": _env("OIDC_STEPUP_ACR", ""),
        "OIDC_ACR_ORDER": tuple(
            _env("OIDC_ACR_ORDER", "idporten-loa-low,idporten-loa-substantial,idporten-loa-high").split(",")
        ),
        "MAIL_SERVER": _env("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(_env("MAIL_PORT", "1025")),
        "MAIL_SENDER": _env("MAIL_SENDER", "Samverka <no-reply@samverka.localhost>"),
        "MAIL_STARTTLS": _env("MAIL_STARTTLS", "false").lower() in ("1", "true", "yes"),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_TIMEOUT": int(_env("MAIL_TIMEOUT", "10")),
        "PUBLIC_URL": _env("PUBLIC_URL", "http://127.0.0.1:5000"),
        "INVITATION_DAYS": int(_env("INVITATION_DAYS", "14")),
        # Open contracting data: the ocid prefix is a placeholder; a real installation registers its own
        # with the Open Contracting Partnership (https://standard.open-contracting.org: "Registering an
        # ocid prefix") and sets it here. The publisher is named in every package.
        "OCDS_OCID_PREFIX": _env("OCDS_OCID_PREFIX", "ocds-smvka1"),
        "OCDS_PUBLISHER": _env("OCDS_PUBLISHER", "Samverka"),
        "OCDS_PAGE_SIZE": int(_env("OCDS_PAGE_SIZE", "50")),
        # Rate limits (Flask-Limiter's notation, ";" between several): per user when signed in, else per address.
        "RATE_LIMITS_ENABLED": _env("RATE_LIMITS", "on").lower() not in ("0", "off", "false", "no"),
        "RATE_LIMIT_SIGN_IN": _env("RATE_LIMIT_SIGN_IN", "30 per minute;300 per hour"),
        "RATE_LIMIT_EID_CALLBACK": _env("RATE_LIMIT_EID_CALLBACK", "30 per minute;300 per hour"),
        "RATE_LIMIT_TOKENS": _env("RATE_LIMIT_TOKENS", "20 per minute;100 per hour"),
        "RATE_LIMIT_API_WRITES": _env("RATE_LIMIT_API_WRITES", "120 per minute;3000 per hour"),
        # Per API token (a partner's read-only access by ``Authorization: Bearer``), whoever sends it.
        "API_TOKEN_RATE_LIMIT": _env("API_TOKEN_RATE_LIMIT", "600 per hour"),
        # How many reverse proxies in front set X-Forwarded-For: the client's address is that many hops back.
        "TRUSTED_PROXY_HOPS": int(_env("TRUSTED_PROXY_HOPS", "0")),
        "JOIN_REMINDER_DAYS": int(_env("JOIN_REMINDER_DAYS", "3")),
        # An award awaiting a participant's approval: its chief executives are reminded every so many days,
        # and the region's coordinator is told once when it has waited the escalation's number of days.
        "AWARD_REMINDER_DAYS": int(_env("AWARD_REMINDER_DAYS", "3")),
        "AWARD_ESCALATION_DAYS": int(_env("AWARD_ESCALATION_DAYS", "7")),
        # A benefit line's measurement is due the day after its period ends, and overdue this many days later.
        "BENEFIT_OVERDUE_DAYS": int(_env("BENEFIT_OVERDUE_DAYS", "30")),
        # Seconds before each retry of a failed job (one retry per number), and how often a worker looks
        # for the jobs of a worker that died.
        "JOB_RETRY_BACKOFF": tuple(int(s) for s in _env("JOB_RETRY_BACKOFF", "10,60,300").split(",")),
        "WORKER_MAINTENANCE_SECONDS": int(_env("WORKER_MAINTENANCE_SECONDS", "60")),
        # One JSON object per log line for the collector in production; lines a person reads elsewhere.
        "LOG_FORMAT": _env("LOG_FORMAT", "json" if env == "production" else "text"),
        # The bearer token Prometheus sends to /metrics; unset, /metrics answers 404 to everyone.
        "METRICS_TOKEN": _env("METRICS_TOKEN"),
        "SESSION_COOKIE_SECURE": env == "production",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "PERMANENT_SESSION_LIFETIME": int(_env("SESSION_HOURS", "8")) * 3600,
        "SESSION_IDLE_MINUTES": int(_env("SESSION_IDLE_MINUTES", "30")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "nb",
        "LANGUAGES": ("nb", "sv", "en"),
        "WTF_CSRF_TIME_LIMIT": None,
        "TESTING": False,
    }
    config.update(overrides or {})
    _refuse_unsafe(config)
    return config


def _refuse_unsafe(config: dict) -> None:
    if config["SAMVERKA_ENV"] not in ENVIRONMENTS:
        raise ConfigError(f"SAMVERKA_ENV is {config['SAMVERKA_ENV']!r}; it must be one of {', '.join(ENVIRONMENTS)}")
    if config["LOG_FORMAT"] not in LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT is {config['LOG_FORMAT']!r}; it must be one of {', '.join(LOG_FORMATS)}")
    if config["SAMVERKA_ENV"] != "production":
        return
    for key in ("SECRET_KEY", "IDENTITY_HASH_KEY"):
        value = config[key]
        if value in (None, DEV_SECRET) or len(value) < MIN_KEY_LENGTH or len(set(value)) < MIN_KEY_VARIETY:
            raise ConfigError(
                f"{key} must be set to a random value of at least {MIN_KEY_LENGTH} characters, "
                f"at least {MIN_KEY_VARIETY} of them different, in production"
            )
    if config["SECRET_KEY"] == config["IDENTITY_HASH_KEY"]:
        raise ConfigError("SECRET_KEY and IDENTITY_HASH_KEY must be two different values in production")
    token = config["METRICS_TOKEN"]
    if token is not None and (len(token) < MIN_KEY_LENGTH or len(set(token)) < MIN_KEY_VARIETY):
        raise ConfigError(f"METRICS_TOKEN, when set, must be a random value of at least {MIN_KEY_LENGTH} characters")
    secret = config["OIDC_CLIENT_SECRET"]
    if secret in (None, "dev-client-secret") or len(secret) < MIN_CLIENT_SECRET_LENGTH:
        raise ConfigError(
            f"OIDC_CLIENT_SECRET must be set to the provider's secret, at least {MIN_CLIENT_SECRET_LENGTH} "
            "characters, in production"
        )
