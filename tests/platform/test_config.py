"""Configuration: safe defaults, and production refuses to run on development secrets."""

from __future__ import annotations

import secrets

import pytest

from samverka.platform.app import create_app
from samverka.platform.core.config import ConfigError, load_config

STRONG = secrets.token_urlsafe(32)


def test_defaults_use_sqlite_in_the_instance_folder_and_in_process_jobs(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "SAMVERKA_ENV", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'samverka.db'}"
    assert config["REDIS_URL"] is None
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "IDENTITY_HASH_KEY", "OIDC_CLIENT_SECRET"])
def test_production_refuses_default_secrets(tmp_path, monkeypatch, missing):
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    _strong_secrets(monkeypatch)
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigError, match=missing if missing != "IDENTITY_HASH_KEY" else "KEY"):
        load_config(str(tmp_path))


def test_production_with_real_secrets_sets_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    _strong_secrets(monkeypatch)
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_identity_claims_are_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("OIDC_IDENTITY_CLAIMS", "ssn, personalIdentityNumber")
    assert load_config(str(tmp_path))["OIDC_CLAIMS"].identity_claims == ("ssn", "personalIdentityNumber")


def _strong_secrets(monkeypatch) -> None:
    for name in ("SECRET_KEY", "IDENTITY_HASH_KEY", "OIDC_CLIENT_SECRET"):
        monkeypatch.setenv(name, secrets.token_urlsafe(32))


def _production_app(tmp_path, monkeypatch, **settings: str):
    """``create_app`` as a production deployment calls it, with strong secrets unless ``settings`` say otherwise."""
    monkeypatch.setenv("SAMVERKA_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'samverka.db'}")
    _strong_secrets(monkeypatch)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return create_app()


@pytest.mark.parametrize("env", ["prod", "Production", "staging", "dev"])
def test_an_unknown_environment_refuses_to_start(tmp_path, monkeypatch, env):
    with pytest.raises(ConfigError, match="SAMVERKA_ENV is .* must be one of development, test, production"):
        _production_app(tmp_path, monkeypatch, SAMVERKA_ENV=env)


def test_production_refuses_one_key_for_sessions_and_identity_hashes(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="SECRET_KEY and IDENTITY_HASH_KEY must be two different values"):
        _production_app(tmp_path, monkeypatch, SECRET_KEY=STRONG, IDENTITY_HASH_KEY=STRONG)


@pytest.mark.parametrize("key", ["SECRET_KEY", "IDENTITY_HASH_KEY"])
@pytest.mark.parametrize(
    "weak",
    ["a" * 32, "ab" * 40, "0123456780" * 3, secrets.token_hex(15)],
    ids=["32 x a", "abab", "short", "30 hex"],
)
def test_production_refuses_a_key_of_low_variety_or_length(tmp_path, monkeypatch, key, weak):
    with pytest.raises(ConfigError, match=f"{key} must be set to a random value of at least 32 characters"):
        _production_app(tmp_path, monkeypatch, **{key: weak})


def test_production_refuses_a_short_client_secret(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET .* at least 16 characters"):
        _production_app(tmp_path, monkeypatch, OIDC_CLIENT_SECRET="s3cr3t-15-chars")


def test_production_starts_with_strong_distinct_secrets(tmp_path, monkeypatch):
    app = _production_app(tmp_path, monkeypatch, OIDC_CLIENT_SECRET=secrets.token_hex(8))
    assert app.config["SAMVERKA_ENV"] == "production" and app.config["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_and_test_start_with_the_development_secrets(tmp_path, monkeypatch, env):
    for name in ("SECRET_KEY", "IDENTITY_HASH_KEY", "OIDC_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SAMVERKA_ENV", env)
    assert load_config(str(tmp_path))["SAMVERKA_ENV"] == env


def test_logs_are_json_lines_in_production_and_text_elsewhere_unless_log_format_says(tmp_path, monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    _strong_secrets(monkeypatch)
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    assert load_config(str(tmp_path))["LOG_FORMAT"] == "json"
    monkeypatch.setenv("SAMVERKA_ENV", "development")
    assert load_config(str(tmp_path))["LOG_FORMAT"] == "text"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert load_config(str(tmp_path))["LOG_FORMAT"] == "json"


def test_an_unknown_log_format_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        load_config(str(tmp_path))


@pytest.mark.parametrize("weak", ["short-token", "a" * 40])
def test_production_refuses_a_weak_metrics_token_and_takes_a_strong_one(tmp_path, monkeypatch, weak):
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    _strong_secrets(monkeypatch)
    monkeypatch.setenv("METRICS_TOKEN", weak)
    with pytest.raises(ConfigError, match="METRICS_TOKEN"):
        load_config(str(tmp_path))
    monkeypatch.setenv("METRICS_TOKEN", STRONG)
    assert load_config(str(tmp_path))["METRICS_TOKEN"] == STRONG
