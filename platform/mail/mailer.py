"""Sending email through an SMTP relay.

Callers depend on the ``Mailer`` protocol, not on SMTP. Nothing here logs a
recipient's address: log the id of the object the mail is about instead.

A worker sends many mails: each thread keeps its connection to the relay open between them (a
new one costs a TCP handshake, EHLO, STARTTLS and login: most of a mail's time, issue 14), checks
before each mail that the relay has not closed it (a look at the socket: a NOOP's round trip was a
fifth of a mail's time), and drops it after any error.
"""

from __future__ import annotations

import select
import smtplib
import threading
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Protocol

from flask import Flask

_MAILERS = "samverka.mailers"
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
        self._local = threading.local()  # this thread's open connection, if any

    def send(self, to: str, subject: str, text: str, html: str | None = None) -> None:
        message = self.message(to, subject, text, html)
        smtp = self._connection()
        try:
            smtp.send_message(message)
        except BaseException:
            self.close()  # a connection in an unknown state is never used again
            raise

    def close(self) -> None:
        """Ends this thread's connection, if it has one."""
        smtp, self._local.smtp = getattr(self._local, "smtp", None), None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _connection(self) -> smtplib.SMTP:
        """This thread's connection while the relay answers on it (it may have closed an idle one), else a new one."""
        smtp = getattr(self._local, "smtp", None)
        if smtp is not None and not _open(smtp):
            self.close()
            smtp = None
        if smtp is None:
            smtp = self._local.smtp = self._connect()
        return smtp

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

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


def _open(smtp: smtplib.SMTP) -> bool:
    """Whether the connection is still usable: the relay sends nothing unasked, so anything to read (its goodbye,
    the end of the stream) means it closed the connection or is closing it."""
    if smtp.sock is None:
        return False
    poller = select.poll()
    poller.register(smtp.sock, select.POLLIN)
    return not poller.poll(0)


def get_mailer(app: Flask) -> Mailer:
    """The mailer configured for ``app`` (MAIL_SERVER, MAIL_PORT, MAIL_SENDER, ...): one per configuration, so
    that its connections serve every job of a worker; a changed configuration gets a mailer of its own."""
    config = app.config
    settings = (
        config["MAIL_SERVER"],
        int(config["MAIL_PORT"]),
        config["MAIL_SENDER"],
        float(config.get("MAIL_TIMEOUT", DEFAULT_TIMEOUT)),
        bool(config.get("MAIL_STARTTLS", False)),
        config.get("MAIL_USERNAME"),
        config.get("MAIL_PASSWORD"),
    )
    mailers = app.extensions.setdefault(_MAILERS, {})
    if settings not in mailers:
        host, port, sender, timeout, starttls, username, password = settings
        mailers[settings] = SMTPMailer(
            host, port, sender, timeout=timeout, starttls=starttls, username=username, password=password
        )
    return mailers[settings]
