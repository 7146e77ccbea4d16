"""Pages of the contract register: contracts (``register``), CSV imports and lead times (``settings``)."""

from samverka.platform.contracts.views import register, settings  # noqa: F401  (routes on ``bp``)
from samverka.platform.contracts.views.blueprint import bp

__all__ = ["bp"]
