"""What the app logs, captured through the production handler (JSON lines, the log context added)."""

from __future__ import annotations

import contextlib
import io
import json
import logging

from samverka.platform.core import logs

# The test's own SMTP server (aiosmtpd, a thread of the test process) logs each envelope: not the app's lines.
NOT_THE_APP = ("mail.log",)


class CapturedLog:
    def __init__(self):
        self.stream = io.StringIO()

    def text(self) -> str:
        return self.stream.getvalue()

    def app_text(self) -> str:
        """The lines the app wrote, without those of the test's own servers."""
        return "\n".join(
            raw for raw, line in zip(self.text().splitlines(), self.lines()) if line["logger"] not in NOT_THE_APP
        )

    def lines(self) -> list[dict]:
        """Every line parsed: a line that is not one JSON object fails the test here."""
        return [json.loads(line) for line in self.text().splitlines()]

    def of(self, logger: str) -> list[dict]:
        return [line for line in self.lines() if line["logger"] == logger]


@contextlib.contextmanager
def json_log(level: int = logging.INFO):
    """Every record of every logger at ``level`` and above, as production's handler writes it."""
    captured = CapturedLog()
    handler = logs.handler("json", captured.stream)
    handler.set_name("test-capture")
    root = logging.getLogger()
    before = root.level
    root.addHandler(handler)
    root.setLevel(level)
    try:
        yield captured
    finally:
        root.removeHandler(handler)
        root.setLevel(before)
