"""A job that fails every time it runs, importable by a worker process (with the repository on its path)."""

from __future__ import annotations

from samverka.jobs.registry import job
from samverka.jobs.runner import task


@task("a job that always fails, for the reliability tests")
def refuse(reason: str) -> None:
    raise RuntimeError(f"the supplier's service refused: {reason}")


REFUSE = job(f"{refuse.__module__}.{refuse.__name__}")
