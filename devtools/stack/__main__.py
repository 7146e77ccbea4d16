"""``deploy/stack start|stop|status|smoke`` (``python -m samverka.devtools.stack``)."""

from __future__ import annotations

import os
import signal

import click
from redis import Redis
from rq.cron_scheduler_registry import get_registry_key

from samverka.devtools.guard import refuse_in_production
from samverka.jobs.schedule import CRON_NAME

from . import processes, setup
from .settings import Stack

WORKERS = ("worker-1", "worker-2")
# Started in this order, stopped in the reverse one.
NAMES = ("mail", "eid", "web", *WORKERS, "cron", "nginx")


@click.group()
def main() -> None:
    """The whole stack on this machine, as the systemd units run it (see deploy/README.md)."""
    refuse_in_production()


@main.command()
def start() -> None:
    """Prepare the database and TLS, migrate once, start every process and wait until each answers."""
    stack = Stack.from_environment()
    setup.database(stack)
    setup.signing(stack)
    setup.certificate(stack)
    env, dev = stack.environment(), stack.dev_environment()  # made after the signing material: they name it
    click.echo(setup.run([str(setup.BIN / "samverka"), "db", "upgrade"], env))
    _start_tools(stack, dev)
    _start_app(stack, env)
    if not (stack.folder / "demo-loaded").exists():
        # The personas to sign in as; STACK_DEMO=full loads the whole demo (many minutes on a busy machine).
        people_only = [] if os.environ.get("STACK_DEMO") == "full" else ["--people-only"]
        click.echo("loading the demo region and its personas (once) ...")
        setup.run([str(setup.BIN / "samverka-dev"), "demo-data", *people_only], dev)
        (stack.folder / "demo-loaded").touch()
    conf = setup.nginx(stack)
    setup.run(["nginx", "-t", "-q", "-c", str(conf), "-e", str(stack.logs / "nginx-error.log")], env)
    running = processes.running_pid(stack, "nginx")
    if running:  # a changed site is taken up without dropping a connection
        os.kill(running, signal.SIGHUP)
    processes.start(stack, "nginx", ["nginx", "-c", str(conf), "-e", str(stack.logs / "nginx-error.log")], env)
    processes.wait_for("nginx", lambda: processes.port_open(stack.https_port), name="nginx", stack=stack)
    click.echo(f"Samverka runs at {stack.public_url} (self-signed: {stack.tls_dir / 'fullchain.pem'})")
    click.echo(f"mail arrives in {stack.mail_log}; logs in {stack.logs}; stop with deploy/stack stop")


def _start_tools(stack: Stack, dev: dict[str, str]) -> None:
    bin_dev = str(setup.BIN / "samverka-dev")
    mail = [bin_dev, "mail-catcher", "--port", str(stack.smtp_port), "--log", str(stack.mail_log)]
    processes.start(stack, "mail", mail, dev)
    processes.start(stack, "eid", [bin_dev, "eid", "--port", str(stack.eid_port)], dev)
    processes.wait_for("mail catcher", lambda: processes.port_open(stack.smtp_port), name="mail", stack=stack)
    processes.wait_for("e-ID provider", lambda: processes.port_open(stack.eid_port), name="eid", stack=stack)


def _start_app(stack: Stack, env: dict[str, str]) -> None:
    # Gunicorn's control socket defaults to one path per user ($HOME/.gunicorn): the stack's own, in its folder.
    control = ["--control-socket", str(stack.folder / "run" / "gunicorn.ctl")]
    gunicorn = [
        str(setup.BIN / "gunicorn"),
        "-c",
        "deploy/gunicorn.conf.py",
        *control,
        "samverka.platform.app:create_app()",
    ]
    processes.start(stack, "web", gunicorn, env)
    for name in WORKERS:
        processes.start(stack, name, [str(setup.BIN / "samverka"), "worker"], env)
    processes.start(stack, "cron", [str(setup.BIN / "samverka"), "cron"], env)
    processes.wait_for("gunicorn", lambda: processes.port_open(stack.web_port), name="web", stack=stack)
    for name in WORKERS:
        processes.wait_for(name, lambda n=name: processes.log_has(stack, n, "Listening on"), name=name, stack=stack)
    redis = Redis.from_url(stack.redis_url)
    registered = lambda: redis.zscore(get_registry_key(), CRON_NAME) is not None  # noqa: E731
    processes.wait_for("cron", registered, name="cron", stack=stack)


@main.command()
def stop() -> None:
    """Stop the processes ``start`` started (by their recorded pids); the database and Redis data stay."""
    stack = Stack.from_environment()
    for name in reversed(NAMES):
        if processes.stop(stack, name):
            click.echo(f"stopped {name}")


@main.command()
def status() -> None:
    """Each process's pid (or "stopped"), and whether the app answers through nginx."""
    stack = Stack.from_environment()
    for name in NAMES:
        pid = processes.running_pid(stack, name)
        click.echo(f"{name:<9} {pid if pid else 'stopped'}")
    from .smoke import readiness

    click.echo(f"readyz    {readiness(stack)}")


@main.command()
def smoke() -> None:
    """Through nginx over HTTPS: sign in with the e-ID, register a need, see its job run, an invitation's mail."""
    from .smoke import run_smoke

    for line in run_smoke(Stack.from_environment()):
        click.echo(line)
    click.echo("smoke test passed")


if __name__ == "__main__":
    main()
