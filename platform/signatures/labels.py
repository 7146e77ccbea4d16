"""Names and permissions the DPA's pages share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.tenants import permissions as perm

# Who reads a DPA's document and signatures: the procurement's readers, and a municipality that signed.
READ = (perm.REGION_PROCUREMENTS_READ, perm.TENANT_DPA_SIGN)

SIGNATORY_STATUS_LABELS = {"signed": _l("Signed"), "awaited": _l("Not signed yet")}
