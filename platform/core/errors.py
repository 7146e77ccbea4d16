"""The one family of errors every service raises; ``http_errors`` turns each into its HTTP answer.

* ``NotFound`` (404): missing, another tenant's, or not readable by this principal. Callers
  must not be able to tell which, so there is no message about why.
* ``Forbidden`` (403): the object is visible, but the principal's roles do not allow the action.
* ``Refused`` (422): input the schemas could not judge alone (a transition not allowed, a
  deadline passed, a file with bad lines), with messages per field. Nothing was changed.
* ``StepUpRequired`` (403 in the API): allowed, but the permission asks for a stronger e-ID level than this
  sign-in gave; the browser is sent through e-ID again.
* ``Conflict`` (409): the action collides with the object's current state or with another
  request made at the same moment (a proposal already decided, a duplicate).

Messages are lazy strings, translated when shown, because jobs call services too.
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base of the family; ``status`` is the HTTP status it becomes."""

    status = 500


class NotFound(DomainError):
    """Missing or outside the principal's reach. ``reason`` is a stable code for pages that explain
    themselves (an invitation link that was used), never a hint about another tenant's data."""

    status = 404

    def __init__(self, reason: str = "not_found"):
        super().__init__(reason)
        self.reason = reason


class Forbidden(DomainError):
    """Visible, but the principal holds no permission for this action on it; ``message`` may say who may."""

    status = 403

    def __init__(self, permission: str = "", message=None):
        super().__init__(message if message is not None else permission)
        self.permission = permission
        self.message = message


class Refused(DomainError):
    """Input that cannot be taken: ``errors`` maps a field to its messages (or structured problems)."""

    status = 422

    def __init__(self, errors: Mapping[str, list], message=None):
        super().__init__(sorted(errors))
        self.errors = dict(errors)
        self.message = message

    @classmethod
    def field(cls, field: str, message) -> Refused:
        """One field and one message: the common case."""
        return cls({field: [message]}, message)

    def messages(self) -> dict[str, list]:
        """The messages in the language of the current request; structured problems stay as they are."""
        return {field: [m if isinstance(m, dict) else str(m) for m in items] for field, items in self.errors.items()}

    def first_message(self) -> str:
        """One sentence for a whole form or an API error's ``message``."""
        if self.message is not None:
            return str(self.message)
        for items in self.errors.values():
            for item in items:
                if not isinstance(item, dict):
                    return str(item)
        return ""


class StepUpRequired(DomainError):
    """Allowed, but only after signing in again with e-ID at the step-up level (``permission`` asks for it)."""

    status = 403

    def __init__(self, permission: str = ""):
        super().__init__(permission)
        self.permission = permission


class Conflict(DomainError):
    """The object's state (or a concurrent change) does not allow this now; ``code`` is stable."""

    status = 409

    def __init__(self, code: str, message=None):
        super().__init__(code)
        self.code = code
        self.message = message
