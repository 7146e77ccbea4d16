"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests and ``make demo``."""

from __future__ import annotations

import email
import threading
from email.message import Message

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class CapturingSMTPServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 1025):
        self.handler = _Keep()
        self.port = port
        self._controller = Controller(self.handler, hostname=host, port=port)

    @property
    def messages(self) -> list[Message]:
        with self.handler.lock:
            return list(self.handler.messages)

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.messages.clear()

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
