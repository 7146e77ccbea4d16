"""The settings of an installation on the embedded default, as ``make demo`` runs one: SQLite, no Redis, files in
a folder of the test's own."""

from __future__ import annotations

from pathlib import Path


def embedded_settings(folder: Path) -> dict[str, str]:
    """The environment of an installation whose database and files are in ``folder`` (SQLite, jobs in-process)."""
    return {
        "DATABASE_URL": f"sqlite:///{folder / 'embedded.db'}",
        "DATABASE_OWNER_URL": "",
        "SYSTEM_DATABASE_URL": "",
        "REDIS_URL": "",
        "DOCUMENT_DIR": str(folder / "documents"),
        "SAMVERKA_INSTANCE": str(folder / "instance"),
        "SIGNING_DEV_DIR": str(folder / "signing"),
    }
