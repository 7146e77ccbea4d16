"""The principal's scope as the row-level-security policies read it: transaction-local settings.

Each permission the principal holds somewhere gets a setting of its own, ``samverka.held.<name>``, holding its
ids as an array literal; each kind of scope (tenant, region, ...) one with the ids of all its permissions; the
permissions held everywhere one list. A policy's ``samverka_held('tenant:needs:read')`` then reads one short
setting (about 2.6 µs) where it parsed the whole scope's JSON (about 24 µs for a regional coordinator's),
once for each of the hundred sub-plans of a list like the attention list (issue 14, migration 0027).

Every value is tagged with a token of the principal's (``17/{1,23}``), and ``samverka.token`` names the
current one: the database functions read a value only under the current token. A principal bound after
another in the same transaction sets its own permissions and token; whatever the earlier one held and this
one does not is still set, under the old token, and reads as nothing. The whole scope's JSON is set too, as
``samverka.scope``, for a person reading the settings.
"""

from __future__ import annotations

import itertools
import json
import re

from sqlalchemy import text

from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.transactions import WRITES_NOTHING

SET_SCOPE = text(
    "SELECT set_config('samverka.user_id', :user_id, true), set_config('samverka.scope', :scope, true),"
    " set_config('samverka.system', :system, true), set_config('samverka.token', :token, true),"
    " set_config('samverka.everywhere', :everywhere, true),"
    " (SELECT count(set_config('samverka.' || setting.name, setting.value, true))"
    " FROM unnest(CAST(:names AS text[]), CAST(:values AS text[])) AS setting(name, value))"
).execution_options(**{WRITES_NOTHING: True})
# What a pooled connection has once a transaction ends: no user, no token, so no setting reads as held.
NO_SCOPE = {"user_id": "", "scope": "", "system": "", "token": "", "everywhere": "", "names": "{}", "values": "{}"}

# One token per principal built in this process: a connection serves one process, and a setting lives one
# transaction, so two principals bound in one transaction always differ.
_TOKENS = itertools.count(1)
_NAME = re.compile(r"[a-z_:-]+")
_MEMO = "settings"


def setting_name(permission: str) -> str:
    """A permission's name as a setting's (letters and underscores only), one-to-one: ``_`` becomes ``_u``,
    ``:`` ``_c`` and ``-`` ``_h`` (``samverka_setting_name`` in the database)."""
    if not _NAME.fullmatch(permission):
        raise ValueError(f"a permission's name outside [a-z_:-]: {permission!r}")
    return permission.replace("_", "_u").replace(":", "_c").replace("-", "_h")


def scope_settings(p: Principal) -> dict[str, str]:
    """``SET_SCOPE``'s parameters for the principal: built once per principal."""
    settings = p.memo.get(_MEMO)
    if settings is None:
        settings = p.memo[_MEMO] = _settings(p)
    return settings


def _settings(p: Principal) -> dict[str, str]:
    token = str(next(_TOKENS))
    held = {name: sorted(ids) for name, ids in sorted(p.held.items()) if ids}
    kinds: dict[str, set[int]] = {}
    for name, ids in held.items():
        kinds.setdefault(name.split(":", 1)[0], set()).update(ids)
    tagged = {f"held.{setting_name(name)}": _ids(token, ids) for name, ids in held.items()}
    tagged |= {f"held_any.{setting_name(kind)}": _ids(token, sorted(ids)) for kind, ids in sorted(kinds.items())}
    return {
        "user_id": str(p.user_id or ""),
        "scope": json.dumps({"ids": held, "everywhere": sorted(p.everywhere)}, separators=(",", ":")),
        "system": "on" if p.is_system else "",
        "token": token,
        "everywhere": f"{token}/,{','.join(sorted(p.everywhere))},",
        "names": _text_array(tagged),
        "values": _text_array(tagged.values()),
    }


def _ids(token: str, ids) -> str:
    return f"{token}/{{{','.join(str(int(i)) for i in ids)}}}"


def _text_array(items) -> str:
    """A PostgreSQL text[] literal, each element quoted (the values hold braces and commas)."""
    quoted = ('"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"' for item in items)
    return "{" + ",".join(quoted) + "}"
