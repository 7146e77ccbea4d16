"""An SMTP server that holds the first message at the end of its DATA until the test releases it.

The sender is then in the middle of its job, at a point the test knows, for as long as the test
wants. A held message is never delivered: the server answers 451 (try again later) once released,
as a real server does for a transfer it did not complete.
"""

from __future__ import annotations

import asyncio
import email
import threading
from email.message import Message

from aiosmtpd.controller import Controller


class _Hold:
    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.held.is_set():
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Held by the test and not delivered"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class HoldingSMTPServer:
    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.port = port
        self._handler = _Hold()
        self._controller = Controller(self._handler, hostname=host, port=port)

    @property
    def messages(self) -> list[Message]:
        with self._handler.lock:
            return list(self._handler.messages)

    def holding(self) -> bool:
        """Whether a sender is waiting for the answer to its DATA."""
        return self._handler.held.is_set() and not self._handler.release.is_set()

    def release(self) -> None:
        self._handler.release.set()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self.release()
        self._controller.stop()
