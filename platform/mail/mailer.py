"""Sending email through an SMTP relay.

Callers depend on the ``Mailer`` protocol, not on SMTP. Nothing here logs a
recipient's address: log the id of the object the mail is about instead.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Protocol

from flask import Flask

DEFAULT_TIMEOUT = 10.0  # seconds; a hung relay must fail the job (and let RQ retry), not block a worker


class Mailer(Protocol):
    def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        """Deliver one message to one recipient, or raise."""


class SMTPMailer:
    """Delivers through an SMTP relay, optionally with STARTTLS and login (production relays need both)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
    ):
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout
        self.starttls, self.username, self.password = starttls, username, password

    def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(self.message(to, subject, text, html))

    def message(self, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        # Our own id, unique per message, rather than one the relay might or might not add: a mail that
        # reaches someone twice shows it (two sends), and a bounce can be matched to what was sent.
        message["Message-ID"] = make_msgid(domain=parseaddr(self.sender)[1].rpartition("@")[2] or "samverka.invalid")
        # A subject carries user text (a contract's title): a line break there would end the header.
        message["Subject"] = " ".join(subject.split())
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
        return message


def get_mailer(app: Flask) -> Mailer:
    """The mailer configured for ``app`` (MAIL_SERVER, MAIL_PORT, MAIL_SENDER, ...)."""
    config = app.config
    return SMTPMailer(
        config["MAIL_SERVER"],
        int(config["MAIL_PORT"]),
        config["MAIL_SENDER"],
        timeout=float(config.get("MAIL_TIMEOUT", DEFAULT_TIMEOUT)),
        starttls=bool(config.get("MAIL_STARTTLS", False)),
        username=config.get("MAIL_USERNAME"),
        password=config.get("MAIL_PASSWORD"),
    )
