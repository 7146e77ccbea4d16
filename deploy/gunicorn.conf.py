"""Gunicorn settings for Samverka's web process.

Run from the repository (or installed checkout) root:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py "samverka.platform.app:create_app()"

Everything that differs per host comes from the environment (see
deploy/production.env.example); command-line options override this file.
"""

import multiprocessing
import os
import platform  # the standard library's: the repository's platform/ folder is never importable as "platform"

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
accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string: OIDC callbacks carry one-time codes there.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(D)sµs "%(a)s"'


def when_ready(server):
    server.log.info("Samverka web ready on %s, Python %s", platform.system(), platform.python_version())
