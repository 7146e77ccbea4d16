"""The ``samverka`` command: database, audit, jobs and thresholds.

The developer tools (demo data, development e-ID, mail catcher) are ``samverka-dev``
in ``samverka.devtools``: nothing here imports them, so production never loads them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from samverka.platform.app import create_app

REPO_ROOT = Path(__file__).resolve().parents[1]


@click.group()
def main() -> None:
    """Samverka: joint procurement for municipalities."""


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database (as its owner: DATABASE_OWNER_URL, else DATABASE_URL)."""
    from samverka.platform.core.migrate import upgrade

    before, after = upgrade(create_app(), revision)
    # Says whether this process migrated: of two started at once, the second finds the work done.
    click.echo(f"database at {after} (was {before or 'empty'})" if before != after else f"database at {after} already")


@db.command("policy-sql")
@click.argument("tables", nargs=-1)
def db_policy_sql(tables: tuple[str, ...]) -> None:
    """Print the row-level-security policies the models' tenancy rules say, to freeze into a migration."""
    from samverka.platform.core.tenancy.policies import all_policy_statements

    create_app()
    for table, statements in all_policy_statements().items():
        if not tables or table in tables:
            click.echo(f"-- {table}")
            for statement in statements:
                click.echo(statement + ";")


@main.group()
def permissions() -> None:
    """The permission model."""


@permissions.command("matrix")
def permissions_matrix() -> None:
    """Print the role × permission matrix (docs/permissions.md)."""
    from samverka.tenants.permission_matrix import matrix_markdown

    click.echo(matrix_markdown(), nl=False)


@main.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 naming the first broken event."""
    from samverka.platform.audit.services import verify_chain
    from samverka.platform.core.extensions import db as database

    app = create_app()
    with app.app_context():
        result = verify_chain(database.session)
    if result.ok:
        click.echo(f"audit chain intact: {result.checked} events")
        return
    click.echo(
        f"audit chain BROKEN at event seq={result.broken_seq}: {result.reason} "
        f"({result.checked} events before it verified)",
        err=True,
    )
    sys.exit(1)


@main.command("worker")
@click.argument("queues", nargs=-1)
@click.option(
    "--no-fork",
    is_flag=True,
    help="Run each job in the worker process instead of a forked work horse: many short jobs (mail) "
    "go faster, keeping their database connections; a job that crashes takes the worker down with it.",
)
def worker(queues: tuple[str, ...], no_fork: bool) -> None:
    """Start an RQ worker on the named queues (default: all)."""
    from samverka.jobs.runner import use_app_factory
    from samverka.jobs.worker import run_worker

    use_app_factory(create_app)
    run_worker(create_app(), queues, fork=not no_fork)


@main.command("cron")
def cron() -> None:
    """Start the one RQ cron process that enqueues periodic jobs (jobs/schedule.py)."""
    from samverka.jobs.schedule import run_cron

    run_cron(create_app())


@main.group()
def jobs() -> None:
    """Background jobs."""


@jobs.command("run")
@click.argument("job_id")
def jobs_run(job_id: str) -> None:
    """Run one periodic job now, in this process: what the cron would enqueue (no Redis needed)."""
    from rq.utils import import_attribute

    from samverka.jobs.schedule import periodic_job

    func = import_attribute(periodic_job(job_id).func)
    with create_app().app_context():
        func()
    click.echo(f"{job_id}: done")


@main.group()
def thresholds() -> None:
    """Procurement thresholds per country and year."""


@thresholds.command("seed")
def thresholds_seed() -> None:
    """Add the thresholds of platform/thresholds/data/thresholds.json not yet in the table (idempotent)."""
    from samverka.platform.core.extensions import db as database
    from samverka.platform.thresholds.services.thresholds import seed_thresholds

    with create_app().app_context():
        added = seed_thresholds(database.session)
        database.session.commit()
    click.echo(f"thresholds: {added} added")


def _register_groups() -> None:
    """Areas' own command groups."""
    from samverka.platform.portability.cli import tenant
    from samverka.platform.publication.cli import ocds
    from samverka.platform.signatures.cli import signatures

    main.add_command(signatures)
    main.add_command(ocds)
    main.add_command(tenant)


_register_groups()

if __name__ == "__main__":
    main()
