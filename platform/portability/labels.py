"""The export statuses as people read them."""

from flask_babel import lazy_gettext as _l

from samverka.platform.portability.models import EXPIRED, FAILED, QUEUED, READY, RUNNING

STATUS_LABELS = {
    QUEUED: _l("Waiting to start"),
    RUNNING: _l("Being made"),
    READY: _l("Ready to download"),
    FAILED: _l("Failed"),
    EXPIRED: _l("Expired"),
}
