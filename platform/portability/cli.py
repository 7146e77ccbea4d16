"""``samverka tenant import ARCHIVE``: a municipality's export loaded into an empty installation."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def tenant() -> None:
    """A municipality's own data: loading its export."""


@tenant.command("import")
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(archive_path: Path) -> None:
    """Load ARCHIVE (a municipality's export) into this EMPTY installation, all or nothing."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import IntegrityError

    from samverka.platform.app import create_app
    from samverka.platform.core.extensions import db
    from samverka.platform.core.tenancy.guard import bind_principal
    from samverka.platform.core.tenancy.principal import Principal
    from samverka.platform.portability.archive import ArchiveRefused
    from samverka.platform.portability.importing import advance_sequences, import_archive

    app = create_app()
    with app.app_context():
        principal = Principal.system("tenant import")
        bind_principal(db.session, principal)
        try:
            loaded = import_archive(db.session, principal, archive_path.read_bytes())
            db.session.commit()
        except ArchiveRefused as refused:
            db.session.rollback()
            raise click.ClickException(f"nothing imported: {refused.message}") from refused
        except IntegrityError as conflict:  # a row the database refuses (e.g. a key another row holds)
            db.session.rollback()
            raise click.ClickException(f"nothing imported: the database refused a row ({conflict.orig})") from conflict
        owner = create_engine(app.config.get("DATABASE_OWNER_URL") or app.config["SQLALCHEMY_DATABASE_URI"])
        with owner.begin() as connection:
            advance_sequences(connection, loaded.last_ids)
        owner.dispose()
    click.echo(f"imported {loaded.tenant_name} (tenant {loaded.tenant_id}): {loaded.rows} rows, {loaded.files} files")
