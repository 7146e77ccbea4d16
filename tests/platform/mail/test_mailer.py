"""Sending through a real SMTP server."""

from __future__ import annotations

import smtplib
from email.header import decode_header, make_header

import pytest

from samverka.platform.mail.mailer import SMTPMailer, get_mailer
from tests.jobs.harness import mails_to, part
from tests.support.fixtures import free_port
from tests.support.smtp import CapturingSMTPServer

RECIPIENT = "kari.nordmann@example.test"


def test_the_app_mailer_delivers_plain_text_and_html_from_the_configured_sender(app, smtp_server):
    smtp_server.clear()

    get_mailer(app).send(RECIPIENT, "Møte i forumet", "Hei Kari,\nvelkommen.", "<p>Hei Kari,</p>")

    [mail] = mails_to(smtp_server, RECIPIENT)
    assert mail["From"] == app.config["MAIL_SENDER"]
    assert str(make_header(decode_header(mail["Subject"]))) == "Møte i forumet"
    assert part(mail, "text/plain").strip() == "Hei Kari,\nvelkommen."
    assert part(mail, "text/html").strip() == "<p>Hei Kari,</p>"


def test_a_mail_without_html_is_plain_text_only(smtp_server):
    smtp_server.clear()

    SMTPMailer("127.0.0.1", smtp_server.port, "no-reply@samverka.test").send(RECIPIENT, "Status", "Ingen endring.")

    [mail] = mails_to(smtp_server, RECIPIENT)
    assert mail.get_content_type() == "text/plain"


def test_an_unreachable_relay_raises_so_the_job_fails_and_can_be_retried():
    mailer = SMTPMailer("127.0.0.1", free_port(), "no-reply@samverka.test", timeout=2)

    with pytest.raises(OSError):
        mailer.send(RECIPIENT, "Status", "Ingen endring.")


def test_a_mailer_sends_many_mails_over_one_connection_and_replaces_one_the_relay_closed(monkeypatch):
    opened = []

    class Counting(smtplib.SMTP):
        def __init__(self, *args, **kwargs):
            opened.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(smtplib, "SMTP", Counting)
    port = free_port()
    first = CapturingSMTPServer(port=port)
    first.start()
    mailer = SMTPMailer("127.0.0.1", port, "no-reply@samverka.test")
    for n in range(3):
        mailer.send(RECIPIENT, f"Status {n}", "Ingen endring.")
    assert len(first.messages) == 3 and len(opened) == 1
    first.stop()  # the relay went away, and another answers on its port: the next mail takes a new connection
    second = CapturingSMTPServer(port=port)
    second.start()
    try:
        mailer.send(RECIPIENT, "Status 3", "Ingen endring.")
        assert len(second.messages) == 1 and len(opened) == 2
    finally:
        mailer.close()
        second.stop()


def test_the_app_has_one_mailer_per_relay_configuration(app):
    assert get_mailer(app) is get_mailer(app)
    before = get_mailer(app)
    app.config["MAIL_PORT"] = int(app.config["MAIL_PORT"]) + 1
    try:
        assert get_mailer(app) is not before
    finally:
        app.config["MAIL_PORT"] = int(app.config["MAIL_PORT"]) - 1
