"""Running Alembic from the application: migrations always run as the database owner."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask

REPO_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    url = app.config["DATABASE_OWNER_URL"] or app.config["SQLALCHEMY_DATABASE_URI"]
    command.upgrade(alembic_config(url), revision)
