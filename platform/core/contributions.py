"""Extension points: a lower area asks a question, higher areas contribute answers.

An area that builds on another must not be imported by it (the layering forbids cycles), yet
the lower one sometimes has a page that the higher one has something to say on: the matching
knows whether others plan something similar to a need, which the need's page shows. The
lower area declares a ``Contributions`` point; the higher one provides to it when its module
is imported by the app factory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Contributions(Generic[T]):
    """Providers of one kind of answer; ``collect`` asks each and keeps the answers that are not None."""

    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable[..., T | None]] = []

    def provide(self, provider: Callable[..., T | None]) -> Callable[..., T | None]:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def collect(self, *args) -> list[T]:
        answers = (provider(*args) for provider in self._providers)
        return [answer for answer in answers if answer is not None]
