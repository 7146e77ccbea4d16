"""Which jobs exist, and the references to them that code enqueues.

A job function is registered by ``@task`` under its dotted path (``module.function``), which is
also how RQ finds it in a worker. Code that enqueues a job names it by a ``JobRef`` made with
``job(...)``: it need not import the job's module (an area may enqueue another area's job
without a cycle), and ``check`` proves at start-up that every reference names a registered
job, so a typo fails when the app starts and not at 02:15 in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

QUEUES = ("mail", "default", "maintenance")


@dataclass(frozen=True)
class Registered:
    func: Callable
    queue: str


@dataclass(frozen=True)
class JobRef:
    name: str


_TASKS: dict[str, Registered] = {}
_REFERENCES: set[JobRef] = set()


def register(name: str, func: Callable, queue: str) -> None:
    if queue not in QUEUES:
        raise ValueError(f"job {name}: unknown queue {queue!r}")
    _TASKS[name] = Registered(func, queue)


def job(name: str) -> JobRef:
    """A reference to the job registered as ``name``; checked by ``check`` when the app starts."""
    ref = JobRef(name)
    _REFERENCES.add(ref)
    return ref


def lookup(ref: JobRef | str) -> Registered:
    name = ref.name if isinstance(ref, JobRef) else ref
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"no job is registered as {name!r}") from None


def check() -> None:
    """Every reference made so far names a registered job; raise naming those that do not."""
    missing = sorted(ref.name for ref in _REFERENCES if ref.name not in _TASKS)
    if missing:
        raise LookupError(f"jobs referenced but not registered: {', '.join(missing)}")
