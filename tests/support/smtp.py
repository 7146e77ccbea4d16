"""A real SMTP server (aiosmtpd) that keeps what it receives, for tests and ``make demo``."""

from __future__ import annotations

import email
import threading
from email.message import Message

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self):
        self.messages: list[Message] = []
        self.refused: set[str] = set()
        self.hung_up_on: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:  # as a relay refuses a mailbox it does not know
            return "550 5.1.1 Mailbox unavailable"
        if address in self.hung_up_on:  # as a relay that stops or loses the connection
            server.transport.close()
            return "421 4.3.0 Closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

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

    def refuse(self, *addresses: str) -> None:
        """From now on refuse these recipients (and accept every other); ``refuse()`` accepts all again."""
        self.handler.refused = set(addresses)

    def hang_up_on(self, *addresses: str) -> None:
        """From now on close the connection when asked to mail one of these; ``hang_up_on()`` to stop."""
        self.handler.hung_up_on = set(addresses)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()
