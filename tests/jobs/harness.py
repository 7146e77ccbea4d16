"""Test harness for jobs: real child processes (worker, cron, gunicorn, mail catcher) and mail helpers."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from email.message import Message
from pathlib import Path

from tests.support.waiting import wait_until

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent  # the venv running pytest also has samverka and gunicorn
INVITEE_EMAIL = "nora.nyansatt@example.test"


def part(message: Message, content_type: str) -> str:
    """The decoded text of a mail's part of ``content_type`` (e.g. text/plain), with SMTP's CRLFs as LFs."""
    found = next(p for p in message.walk() if p.get_content_type() == content_type)
    return found.get_payload(decode=True).decode(found.get_content_charset() or "utf-8").replace("\r\n", "\n")


def mails_to(smtp_server, address: str) -> list[Message]:
    return [m for m in smtp_server.messages if m["To"] == address]


def app_environment(app, instance: Path, **extra: str) -> dict[str, str]:
    """The environment that makes a child process's ``create_app()`` match the test app."""
    config = app.config
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
            "DATABASE_OWNER_URL": config["DATABASE_OWNER_URL"] or "",
            "SYSTEM_DATABASE_URL": config["SYSTEM_DATABASE_URL"] or "",
            "SECRET_KEY": config["SECRET_KEY"],
            "IDENTITY_HASH_KEY": config["IDENTITY_HASH_KEY"],
            "MAIL_SERVER": config["MAIL_SERVER"],
            "MAIL_PORT": str(config["MAIL_PORT"]),
            "PUBLIC_URL": config["PUBLIC_URL"],
            "SAMVERKA_INSTANCE": str(instance),
        }
    )
    env.update(extra)
    return env


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid``, children first, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


class ServiceProcess:
    """A long-running command started from the repository root; stop it with ``stop()``.

    It leads a process group of its own, so that stopping it never reaches pytest's.
    """

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path):
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str, timeout: float = 60) -> None:
        """Wait until ``text`` appears in the output; fail early, with the output, if the process dies."""

        def seen() -> bool:
            if self.process.poll() is not None and text not in self.output():
                raise AssertionError(f"exited with {self.process.returncode}:\n{self.output()}")
            return text in self.output()

        try:
            wait_until(seen, timeout, what=repr(text))
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- output ---\n{self.output()}") from None

    def kill(self) -> None:
        """SIGKILL to the process and all its descendants (RQ's work horse leads a session of its own),
        as a crash of the machine would: no clean-up of any kind runs."""
        for pid in [self.process.pid, *_descendants(self.process.pid)]:
            with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


@contextlib.contextmanager
def worker_process(app, instance: Path, *options: str, **env: str):
    """A real ``samverka worker`` on the app's database, Redis and SMTP server, until the block ends; its output is
    printed afterwards (pytest shows it when the test failed)."""
    environment = app_environment(app, instance, REDIS_URL=app.config["REDIS_URL"], **env)
    process = ServiceProcess([str(VENV_BIN / "samverka"), "worker", *options], environment, instance / "worker.log")
    try:
        process.wait_for("Listening on")
        yield process
    finally:
        process.stop()
        print(process.output())
