"""The ``samverka-dev`` command: demo data, the development e-ID provider and the mail catcher.

A separate console script from ``samverka`` so that the production command never
imports these tools; each command here refuses to start with SAMVERKA_ENV=production.
"""

from __future__ import annotations

from pathlib import Path

import click

from samverka.devtools.demo import load_demo_data, run_dev_provider
from samverka.devtools.guard import refuse_in_production
from samverka.jobs.queue import jobs_mode
from samverka.platform.app import create_app


@click.group()
def main() -> None:
    """Samverka's developer tools: never in production."""
    # The group callback runs before every command: the one place the refusal is needed.
    refuse_in_production()


@main.command("demo-data")
@click.option("--people-only", is_flag=True, help="Only the region, municipalities, partners and personas.")
def demo_data(people_only: bool) -> None:
    """Load Kongsbergregionen with its municipalities, partners and personas (idempotent)."""
    app = create_app()
    if jobs_mode(app) == "thread":
        # This command exits once the data is in: a background thread's jobs (matching, mail) would die with it.
        app.config["JOBS_MODE"] = "inline"
    with app.app_context():
        summary = load_demo_data(content=not people_only)
    click.echo(summary)


@main.command("end-standstill")
@click.argument("procurement_id", type=int)
def end_standstill(procurement_id: int) -> None:
    """Let the demo's award decision's standstill period have ended yesterday, so its contract can be signed now.

    The law's ten days cannot be waited out in a demo; the decision keeps its own date, and the audit log says
    the period was shortened by this command.
    """
    from samverka.devtools.demo.clock import end_standstill as shorten

    with create_app().app_context():
        click.echo(shorten(procurement_id))


@main.command("eid")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5001, show_default=True)
def eid(host: str, port: int) -> None:
    """Run the development e-ID provider with the demo personas and the app as its client."""
    run_dev_provider(create_app(), host, port)


@main.command("mail-catcher")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=1025, show_default=True)
@click.option("--log", type=click.Path(path_type=Path), help="default: $SAMVERKA_INSTANCE/mail.log (instance/mail.log)")
def mail_catcher(host: str, port: int, log: Path | None) -> None:
    """Run a local SMTP server that prints each mail and appends it to a log, so demo mail can be read."""
    # Imported here: aiosmtpd is a development dependency, and the other commands work without it.
    from samverka.devtools.mail_catcher import default_log_path, run

    run(host, port, log or default_log_path())


@main.command("screenshots")
@click.option("--out", type=click.Path(path_type=Path), default=Path("docs/screenshots"), show_default=True)
def screenshots(out: Path) -> None:
    """Run the demo on free ports and photograph each role's landing page, the action plan and a chart."""
    from samverka.devtools.screenshots import main as shoot

    for path in shoot(out):
        click.echo(path)


if __name__ == "__main__":
    main()
