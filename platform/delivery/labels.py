"""Translated labels of the delivery area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.delivery.pipeline import NOT_REQUIRED, NOT_SIGNED, SIGNED

KIND_LABELS = {"contract": _l("Contract"), "dpa": _l("Data processing agreement")}
SIGNED_LABELS = {SIGNED: _l("Signed"), NOT_SIGNED: _l("Not signed yet"), NOT_REQUIRED: _l("Not required")}
