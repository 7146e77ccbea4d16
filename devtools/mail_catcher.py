"""A local SMTP server for the demo: prints each mail it receives and appends it to a log.

Run ``samverka-dev mail-catcher --port 1025`` (or ``python -m samverka.devtools.mail_catcher``).
``make demo`` starts it, so that invitation mail can be read without a real mail relay.
Never expose it: it accepts mail from anyone who can reach the port, which is why it
refuses to start with SAMVERKA_ENV=production.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import os
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.smtp import SMTP

from samverka.devtools.guard import refuse_in_production


class PrintingHandler:
    """aiosmtpd handler: write a readable copy of every mail to stdout and to ``log_path``."""

    def __init__(self, log_path: Path):
        self.log_path = log_path

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        entry = readable(message, envelope.rcpt_tos)
        print(entry, flush=True)
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(entry + "\n")
        return "250 OK"


def readable(message: EmailMessage, recipients: list[str]) -> str:
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else "(no plain-text part)"
    return f"==== mail to {', '.join(recipients)}\nSubject: {message['Subject']}\n\n{text.rstrip()}\n==== end of mail"


async def serve(host: str, port: int, log_path: Path) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(PrintingHandler(log_path), hostname=host), host, port)
    print(f"demo mail catcher listening on {host}:{port}, copying mail to {log_path}", flush=True)
    async with server:
        await server.serve_forever()


def default_log_path() -> Path:
    """``mail.log`` in the instance folder, read when starting so SAMVERKA_INSTANCE can move it."""
    return Path(os.environ.get("SAMVERKA_INSTANCE", "instance")) / "mail.log"


def run(host: str, port: int, log_path: Path) -> None:
    """Serve until interrupted; shared by ``samverka-dev mail-catcher`` and ``python -m``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(host, port, log_path))


def main(argv: list[str] | None = None) -> None:
    """``python -m`` entry point: refuses production first, like every developer tool."""
    refuse_in_production()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--log", type=Path, default=default_log_path())
    args = parser.parse_args(argv)
    run(args.host, args.port, args.log)


if __name__ == "__main__":
    main()
