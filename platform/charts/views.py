"""The charts' blueprint: no routes, only the ``charts/figure.html`` macro's template folder."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("charts", __name__, template_folder="templates")
