"""``samverka signatures``: the development certificate authority, and the offline verification of every DPA."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def signatures() -> None:
    """The data processing agreements' signatures."""


@signatures.command("dev-ca")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def dev_ca(folder: Path) -> None:
    """Make a development CA, a signing certificate and an evidence key in FOLDER (never for production)."""
    from samverka.platform.signatures.certificates import make_dev_ca

    make_dev_ca(folder)
    click.echo(f"development CA and signing certificate written to {folder}")


@signatures.command("verify")
@click.option("--procurement", "procurement_id", type=int, default=None, help="Only this procurement's DPA.")
def verify(procurement_id: int | None) -> None:
    """Verify every DPA signature offline: seals, hashes, ID tokens, nonces and PAdES signatures."""
    from samverka.platform.app import create_app
    from samverka.platform.core.extensions import db
    from samverka.platform.signatures.services.verify import run_verification

    with create_app().app_context():
        report = run_verification(db.session, procurement_id)
    for failure in report.failures:
        click.echo(f"FAILED: {failure}", err=True)
    summary = (
        f"{report.documents} signed DPA versions, {report.signatures} signatures (sealed evidence, ID tokens), "
        f"{report.pades} PAdES signatures checked"
    )
    if not report.ok:
        click.echo(f"{len(report.failures)} failures; {summary}", err=True)
        sys.exit(1)
    click.echo(f"all signatures verified: {summary}")
