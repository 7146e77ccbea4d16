"""The stack's processes: each started in a session of its own, its pid written down, its output in a log.

``stop`` signals only the process groups whose pids ``start`` wrote, never anything found by name.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from .settings import REPO_ROOT, Stack


def _pid_file(stack: Stack, name: str) -> Path:
    return stack.folder / "run" / f"{name}.pid"


def running_pid(stack: Stack, name: str) -> int | None:
    path = _pid_file(stack, name)
    if not path.exists():
        return None
    pid = int(path.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def start(stack: Stack, name: str, args: list[str], env: dict[str, str]) -> int:
    """Start ``args`` from the checkout root (as the units' WorkingDirectory), unless it runs already."""
    pid = running_pid(stack, name)
    if pid is not None:
        return pid
    stack.logs.mkdir(parents=True, exist_ok=True)
    _pid_file(stack, name).parent.mkdir(parents=True, exist_ok=True)
    log_path = stack.logs / f"{name}.log"
    if log_path.exists():  # the last run's log, kept once: "ready" lines are looked for in this run's only
        log_path.replace(log_path.with_suffix(".log.1"))
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    _pid_file(stack, name).write_text(str(process.pid))
    return process.pid


def stop(stack: Stack, name: str, grace: float = 20) -> bool:
    """SIGTERM to the process's group (gunicorn's and RQ's children included), SIGKILL after ``grace``."""
    pid = running_pid(stack, name)
    _pid_file(stack, name).unlink(missing_ok=True)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return True


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def log_tail(stack: Stack, name: str, lines: int = 30) -> str:
    path = stack.logs / f"{name}.log"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def wait_for(what: str, check: Callable[[], bool], timeout: float = 90, name: str = "", stack: Stack | None = None):
    """Wait until ``check()``; on time-out, fail with the log of the process that should have answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if stack and name and running_pid(stack, name) is None:
            break
        time.sleep(0.3)
    tail = log_tail(stack, name) if stack and name else ""
    raise SystemExit(f"{what}: not ready\n{tail}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def log_has(stack: Stack, name: str, text: str) -> bool:
    path = stack.logs / f"{name}.log"
    return path.exists() and text in path.read_text(errors="replace")
