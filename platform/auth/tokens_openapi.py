"""The OpenAPI document's word on signing in: the session cookie everywhere, a bearer token where it reads.

The schemes are declared once in the document's components; the operations a token may call are marked by
an apispec plugin as each is documented (found by their endpoints, the same list ``tokens_bearer`` enforces).
"""

from __future__ import annotations

from collections.abc import Iterable

from apispec import APISpec, BasePlugin
from flask import Flask

BEARER = "bearerAuth"
SESSION = "sessionCookie"


class TokenOperations(BasePlugin):
    """Marks the operations of the given endpoints as accepting the session or a bearer token."""

    def __init__(self, endpoints: Iterable[str]):
        self.endpoints = frozenset(endpoints)

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if rule is None or rule.endpoint not in self.endpoints:
            return
        for method, operation in (operations or {}).items():
            if method in ("get", "head"):
                operation["security"] = [{SESSION: []}, {BEARER: []}]


def declare(app: Flask, spec: APISpec, endpoints: Iterable[str]) -> None:
    """Call before the API's blueprints are registered, so that the plugin sees each of their operations."""
    spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": 'A partner organisation\'s read-only API token (created on its "API tokens" page): '
            "GET only, on the operations that list this scheme, in the token's region.",
        },
    )
    spec.components.security_scheme(
        SESSION,
        {"type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]},
    )
    spec.plugins.append(TokenOperations(endpoints))
