"""Log records of every process (web, worker, cron) in one of two formats, with the context they ran in.

``LOG_FORMAT=json`` (production's default) writes one JSON object per line, for a log collector to parse;
``text`` (the demo's) writes a line a person reads. Either carries the log context of ``bind``: the
request id of the web request a record belongs to, and in a worker the request id of the request that
enqueued the job, with the job's name. Nothing else about the user is added: a record never names a
person, an e-mail address or an identity number, and the request line has no query string (OIDC
callbacks carry one-time codes there) and no client address.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import IO

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# What a proxy's request id may look like: nginx's $request_id is 32 hex digits, others use UUIDs. Anything
# else (a newline, a quote, 10 KB) is replaced by an id of our own, so a client cannot write into the logs.
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
# Attributes every LogRecord has: the rest were passed with ``extra=`` and go into the JSON line as fields.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "job"}
_context: ContextVar[dict | None] = ContextVar("samverka_log_context", default=None)
_HANDLER_NAME = "samverka"
_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False)  # one, not one per record as json.dumps(**options)


def new_request_id() -> str:
    return secrets.token_hex(16)


def valid_request_id(value: str | None) -> str | None:
    """``value`` if it is a well-formed request id, else None."""
    if value and _REQUEST_ID.fullmatch(value):
        return value
    return None


def bind(**fields) -> Token:
    """Add ``fields`` (request_id, job) to every record logged in this context until ``unbind``."""
    return _context.set({**(_context.get() or {}), **fields})


def unbind(token: Token) -> None:
    _context.reset(token)


def current(field: str) -> str | None:
    return (_context.get() or {}).get(field)


class ContextFilter(logging.Filter):
    """Gives each record the context's request id and job (``-`` when there is none), for both formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get() or {}
        record.request_id = context.get("request_id") or "-"
        record.job = context.get("job")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, the context, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current("request_id") or "-",
        }
        job = getattr(record, "job", None) or current("job")
        if job:
            line["job"] = job
        line.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _ENCODER.encode(line)


def formatter(log_format: str) -> logging.Formatter:
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT is {log_format!r}; it must be one of {', '.join(FORMATS)}")
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def handler(log_format: str, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing to ``stream`` (standard error) in ``log_format``, with the log context added."""
    made = logging.StreamHandler(stream or sys.stderr)
    made.set_name(_HANDLER_NAME)
    made.setFormatter(formatter(log_format))
    made.addFilter(ContextFilter())
    return made


def configure(log_format: str) -> None:
    """The process's logging: the root logger at INFO through one handler of ours, replaced on a second call."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler(log_format))
    root.setLevel(logging.INFO)
