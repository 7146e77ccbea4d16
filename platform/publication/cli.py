"""``samverka ocds validate FILE``: a release or record package checked against the local OCDS schemas."""

from __future__ import annotations

import json
import sys

import click

from samverka.platform.publication.validation import errors, kind_of


@click.group()
def ocds() -> None:
    """Open contracting data (OCDS 1.1)."""


@ocds.command("validate")
@click.argument("path", type=click.File("rb"))
def validate(path) -> None:
    """Print every error of a release or record package (exit status 1 when there is one); offline."""
    try:
        package = json.load(path)
    except (ValueError, UnicodeDecodeError) as error:
        raise click.ClickException(f"not JSON: {error}") from None
    if not isinstance(package, dict):
        raise click.ClickException("not a release or record package: the top level must be an object")
    found = errors(package)
    for line in found:
        click.echo(line)
    click.echo(f"{kind_of(package)} package: {len(found)} error(s)", err=True)
    sys.exit(1 if found else 0)
