"""The one check that keeps the developer tools out of production.

The development e-ID provider lets anyone sign in as anyone, the mail catcher
accepts mail from anyone and the demo data creates known personas: none of them
may ever run next to real data. Every way of starting them calls
``refuse_in_production`` first.
"""

from __future__ import annotations

import os
import sys

REFUSAL = (
    "refusing to start: the Samverka developer tools (development e-ID provider, mail catcher, demo data) "
    "never run with SAMVERKA_ENV=production"
)


def refuse_in_production() -> None:
    """Exit with status 1 before anything starts when SAMVERKA_ENV says production.

    It reads the environment itself rather than the app's config, so that the
    refusal comes before any app, database connection or socket exists.
    """
    if os.environ.get("SAMVERKA_ENV") == "production":
        print(REFUSAL, file=sys.stderr)
        raise SystemExit(1)
