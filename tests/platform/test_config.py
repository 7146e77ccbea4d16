"""Configuration: safe defaults, and production refuses to run on development secrets."""

from __future__ import annotations

import pytest

from samverka.platform.core.config import ConfigError, load_config

STRONG = "x" * 40


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
    for name in ("SECRET_KEY", "IDENTITY_HASH_KEY", "OIDC_CLIENT_SECRET"):
        monkeypatch.setenv(name, STRONG)
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigError, match=missing if missing != "IDENTITY_HASH_KEY" else "KEY"):
        load_config(str(tmp_path))


def test_production_with_real_secrets_sets_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMVERKA_ENV", "production")
    for name in ("SECRET_KEY", "IDENTITY_HASH_KEY", "OIDC_CLIENT_SECRET"):
        monkeypatch.setenv(name, STRONG)
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_identity_claims_are_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("OIDC_IDENTITY_CLAIMS", "ssn, personalIdentityNumber")
    assert load_config(str(tmp_path))["OIDC_CLAIMS"].identity_claims == ("ssn", "personalIdentityNumber")
