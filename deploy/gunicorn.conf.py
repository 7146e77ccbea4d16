"""Gunicorn settings for Samverka's web process.

Run from the repository (or installed checkout) root:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py "samverka.platform.app:create_app()"

Everything that differs per host comes from the environment (see
deploy/production.env.example); command-line options override this file.
"""

import glob
import multiprocessing
import os
import platform  # the standard library's: the repository's platform/ folder is never importable as "platform"
import tempfile

bind = os.environ.get("SAMVERKA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so that a slow leak cannot grow without bound, but rarely: a fresh worker
# rebuilds its caches (each signed-in user's principal, SQLAlchemy's compiled statements) and the restart
# stalls the requests queued on it. At 2,000 a worker restarted every 1-2 s on fast endpoints (p99 of
# /healthz 1.5 s, issue 14); 50,000 is minutes apart at national peak load, hours apart otherwise. The
# jitter keeps the workers from restarting at the same moment.
max_requests = 50000
max_requests_jitter = 5000
# The reverse proxy in front terminates TLS and sets X-Forwarded-Proto; trust only it.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs each request itself (logger samverka.access: route, status, duration, request id; no query
# string, where OIDC callbacks carry one-time codes, and no client address), so gunicorn's access log is off.
accesslog = None
errorlog = "-"
# Should the access log be turned on: %(U)s is the path without the query string.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(D)sµs "%(a)s"'
# The process's log, gunicorn's own records included, through the app's handler (samverka.platform.core.logs)
# in LOG_FORMAT: JSON lines by default in production, text otherwise (as the app's config decides).
log_format = os.environ.get("LOG_FORMAT") or ("json" if os.environ.get("SAMVERKA_ENV") == "production" else "text")
logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["samverka"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        # Off, as accesslog: its default line has the query string, the client's address and user agent.
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
    "handlers": {"samverka": {"()": "samverka.platform.core.logs.handler", "log_format": log_format}},
    "formatters": {},
}

# Prometheus metrics of all workers: each writes its own files here, /metrics sums them. Set before any worker
# imports prometheus_client; the unit gives a fresh runtime directory, other runs a new temporary one.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="samverka-metrics-")
metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server):
    """A previous run's files would add its counts to this one's."""
    os.makedirs(metrics_dir, exist_ok=True)
    for stale in glob.glob(os.path.join(metrics_dir, "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    """A worker gone (recycled by max_requests, or killed): its live gauges no longer count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    server.log.info("Samverka web ready on %s, Python %s", platform.system(), platform.python_version())


def post_worker_init(worker):
    """The app is loaded: what it built (modules, routes, mappers, catalogues: some 300,000 objects) lives as
    long as the worker, so the garbage collector stops walking it. A full collection over them took about
    230 ms, once every 30-150 requests: 1.6 ms a request on the coordinator's landing page (issue 14)."""
    import gc

    gc.collect()
    gc.freeze()
