"""The demo mail catcher: a real SMTP server that prints and logs what it receives."""

from __future__ import annotations

import os
import sys

from samverka.platform.mail.mailer import SMTPMailer
from tests.jobs.harness import ServiceProcess
from tests.support.fixtures import free_port
from tests.support.waiting import wait_until


def test_the_catcher_prints_and_logs_recipient_subject_and_body(tmp_path):
    port, log = free_port(), tmp_path / "mail.log"
    catcher = ServiceProcess(
        [sys.executable, "-m", "samverka.devtools.mail_catcher", "--port", str(port), "--log", str(log)],
        dict(os.environ),
        tmp_path / "catcher.out",
    )
    try:
        catcher.wait_for(f"listening on 127.0.0.1:{port}")
        SMTPMailer("127.0.0.1", port, "no-reply@samverka.test").send(
            "ola@example.test", "Invitasjon til Samverka", "Hei Ola,\nfølg lenken.", "<p>Hei Ola</p>"
        )
        catcher.wait_for("==== end of mail")
    finally:
        catcher.stop()

    logged = wait_until(lambda: log.exists() and log.read_text(encoding="utf-8"), what="mail.log written")
    for copy in (logged, catcher.output()):
        assert "==== mail to ola@example.test" in copy
        assert "Subject: Invitasjon til Samverka" in copy
        assert "Hei Ola,\nfølg lenken." in copy
