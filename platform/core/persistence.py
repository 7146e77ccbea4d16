"""Writing rows: a uniqueness clash found by the database is refused input, not a server error."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.platform.core.errors import Refused


def flush_or_refuse(session: Session, refused: Refused) -> None:
    """Flush now, in a savepoint; if the database refuses a duplicate, raise ``refused`` instead.

    The check is the database's own, so two requests racing for the same name cannot both win.
    """
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise refused from None
