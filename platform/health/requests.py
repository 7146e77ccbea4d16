"""Each web request's id, its line in the log and its latency in the metrics.

The request id comes from ``X-Request-ID`` when it is well-formed (nginx sets it to its ``$request_id``,
overwriting whatever the client sent), else is made here; the response returns it, every record logged
while the request runs carries it, and the jobs the request enqueues carry it into the worker.

Latency is recorded by route (the URL rule, e.g. ``/needs/<int:need_id>``, never the path itself) so
that the number of time series stays bounded whatever paths clients try.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, g, request, request_started
from prometheus_client import Histogram

from samverka.platform.core import logs
from samverka.platform.core.request import current_principal

HEADER = "X-Request-ID"
UNMATCHED = "<unmatched>"  # no URL rule: a 404 or 405 before routing, whatever the path was
# Up to the 30 s at which gunicorn kills a request; 0.1 s is the target of the list pages.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUEST_SECONDS = Histogram(
    "samverka_http_request_duration_seconds",
    "Time from the request reaching Flask to its response, by route, method and status class.",
    ["route", "method", "status"],
    buckets=BUCKETS,
)
access = logging.getLogger("samverka.access")


def init_app(app: Flask) -> None:
    """Call before any other area's hooks: started before every before-request step (the API token's, which
    puts itself first, included) and finished after every after-request one, the time covers all of them."""
    request_started.connect(_start, app)
    app.after_request(_finish)
    app.teardown_request(_forget)


def _start(_sender, **_extra) -> None:
    g.request_started = time.perf_counter()
    g.request_id = logs.valid_request_id(request.headers.get(HEADER)) or logs.new_request_id()
    g.log_context = logs.bind(request_id=g.request_id)


def _finish(response):
    started = g.pop("request_started", None)
    if started is None:  # finished already: Flask's last-resort 500 runs the after-request steps once more
        return response
    seconds = time.perf_counter() - started
    route = request.url_rule.rule if request.url_rule else UNMATCHED
    status_class = f"{response.status_code // 100}xx"
    REQUEST_SECONDS.labels(route, request.method, status_class).observe(seconds)
    response.headers[HEADER] = g.request_id
    fields = {
        "method": request.method,
        "route": route,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "signed_in": current_principal().is_authenticated,
    }
    access.info("%(method)s %(route)s %(status)s %(duration_ms)sms", fields, extra=fields)
    return response


def _forget(_error=None) -> None:
    token = g.pop("log_context", None)
    if token is not None:
        logs.unbind(token)
