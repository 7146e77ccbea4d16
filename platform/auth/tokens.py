"""A partner's read-only API tokens: created by its readers, shown once, kept hashed, expiring, revocable.

The secret is ``svk_`` and 32 random bytes (base64url): with that much chance in it a plain SHA-256 is
enough to keep it (no key to rotate, nothing to guess), and the hash alone opens nothing. The first
characters are kept apart so its holder can tell the tokens apart. Nothing here logs or audits the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.platform.audit.services import record
from samverka.platform.auth.tokens_models import ApiToken
from samverka.platform.core.errors import NotFound, Refused
from samverka.platform.core.pagination import FIRST_PAGE, Order, Page, PageRequest, paginate
from samverka.platform.core.tenancy.guard import acting_as
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.tenants import permissions as perm
from samverka.tenants.services.directory import access_partner

SCHEME_PREFIX = "svk_"
PREFIX_LENGTH = 8
DEFAULT_DAYS, MAX_DAYS = 90, 365
EXPIRY_RANGE = _l("Choose an expiry between 1 and 365 days.")


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its secret: the only moment the secret exists outside its holder's hands."""

    token: ApiToken
    secret: str

    def __getattr__(self, name: str):
        """The token's own fields, so the answer that creates it shows it like any other plus its secret."""
        return getattr(self.token, name)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    session: Session, principal: Principal, partner_id: int, *, name: str, days: int = DEFAULT_DAYS
) -> CreatedToken:
    """A token for the partner, valid ``days`` (1 to 365) from now, read-only in the partner's region."""
    partner = access_partner(session, principal, partner_id, perm.PARTNER_TOKENS_WRITE)
    if not 1 <= days <= MAX_DAYS:
        raise Refused.field("expires_in_days", EXPIRY_RANGE)
    secret = SCHEME_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        partner_id=partner.id,
        region_id=partner.region_id,
        user_id=principal.user_id,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    summary = {"name": name, "expires_at": token.expires_at.isoformat(timespec="seconds")}
    record(session, principal, "api_token.created", token, region_id=partner.region_id, summary=summary)
    return CreatedToken(token, secret)


def list_tokens(
    session: Session, principal: Principal, partner_id: int, page: PageRequest = FIRST_PAGE
) -> Page[ApiToken]:
    """The partner's tokens, newest first, revoked and expired ones included (their status says so)."""
    partner = access_partner(session, principal, partner_id, perm.PARTNER_TOKENS_WRITE)
    stmt = select(ApiToken).where(ApiToken.partner_id == partner.id)
    return paginate(session, stmt, (Order(ApiToken.created_at, descending=True), Order(ApiToken.id, True)), page)


def access_token(session: Session, principal: Principal, partner_id: int, token_id: int) -> ApiToken:
    """The partner's token ``token_id``; another partner's is the same 404 as a missing one."""
    partner = access_partner(session, principal, partner_id, perm.PARTNER_TOKENS_WRITE)
    token = session.get(ApiToken, token_id)
    if token is None or token.partner_id != partner.id:
        raise NotFound()
    return token


def revoke_token(session: Session, principal: Principal, partner_id: int, token_id: int) -> ApiToken:
    """Revoke at once; revoking a revoked token changes nothing (and records nothing)."""
    token = access_token(session, principal, partner_id, token_id)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by_id = utcnow(), principal.user_id
        record(session, principal, "api_token.revoked", token, region_id=token.region_id, summary={"name": token.name})
    return token


def find_by_secret(session: Session, secret: str) -> ApiToken | None:
    """The token whose hash is the secret's, whatever its state (the system's look-up, before anyone is known)."""
    wanted = hash_secret(secret)
    with acting_as(session, Principal.system("API token look-up")):
        found = session.scalars(select(ApiToken).where(ApiToken.token_hash == wanted)).one_or_none()
    # The index finds the row; the comparison that decides is constant-time, like every secret's.
    if found is None or not hmac.compare_digest(found.token_hash, wanted):
        return None
    return found


def mark_used(session: Session, token_id: int, now: datetime) -> bool:
    """Mark the token used at most once a minute, and audit ``api_token.used`` at most once an hour (a trace
    of when a token was in use, without an event per request); True when anything was written."""
    with acting_as(session, Principal.system("API token use")) as system:
        token = session.get(ApiToken, token_id)
        stale = token.last_used_at is None or now - token.last_used_at >= timedelta(minutes=1)
        audit_due = token.use_audited_at is None or now - token.use_audited_at >= timedelta(hours=1)
        if stale:
            token.last_used_at = now
        if audit_due:
            token.use_audited_at = now
            record(session, system, "api_token.used", token, region_id=token.region_id)
    return stale or audit_due
