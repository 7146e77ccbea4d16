"""Background jobs of the tenancy area.

Jobs receive ids only and reload what they need; ``@task`` binds the session to
the system principal and commits (or rolls back) when the job returns.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from samverka.jobs.runner import task
from samverka.platform.audit.services import record
from samverka.platform.core.extensions import db
from samverka.platform.core.tenancy.guard import principal_of
from samverka.platform.core.time import utcnow
from samverka.platform.mail.mailer import get_mailer
from samverka.platform.mail.rendering import COUNTRY_LOCALES, render_mail
from samverka.tenants.labels import ROLE_LABELS
from samverka.tenants.models import Invitation, PartnerOrganisation, Region, Tenant, User
from samverka.tenants.models.invitation import ACCEPTED
from samverka.tenants.roles import Role
from samverka.tenants.services.invitations import invitation_link

log = logging.getLogger("samverka.tenants")

_CURRENCY_LOCALE = {"NOK": "nb", "SEK": "sv"}


@task("send invitation email", queue="mail")
def send_invitation_email(invitation_id: int) -> None:
    """Email an invitation's link exactly once, and only while it can still be accepted.

    The mail is in the language of the scope's country (nb or sv), then in English.
    ``emailed_at`` is claimed by a conditional UPDATE in the job's transaction,
    so a repeated or concurrent run finds it set and sends nothing; if sending
    fails, the transaction rolls back and a retry sends it. (A crash between the
    SMTP hand-over and the commit can still send twice: mail is at-least-once there.)
    """
    session = db.session
    if not _claim(session, invitation_id):
        log.info("invitation %s: nothing to email (missing, accepted, expired or already emailed)", invitation_id)
        return
    invitation = session.get(Invitation, invitation_id)
    scope_name, locale = _scope(session, invitation)
    mail = render_mail(
        "invitation",
        (locale, "en"),
        name=invitation.name,
        role=ROLE_LABELS[Role(invitation.role)],
        scope=scope_name,
        link=invitation_link(invitation),
        expires_at=invitation.expires_at,
    )
    record(
        session,
        principal_of(session),
        "invitation.email",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"locale": locale},
    )
    get_mailer(current_app).send(invitation.email, mail.subject, mail.text, mail.html)
    log.info("invitation %s emailed", invitation_id)


@task("tell the inviter an invitation was accepted", queue="mail")
def send_invitation_outcome_email(invitation_id: int) -> None:
    """Tell the inviter, once and in the inviter's language, that the invitation was accepted.

    Accepted by the named person: the role is granted. Accepted without a named person: who
    accepted, and that the role waits for the inviter's confirmation on the invitations page.
    """
    session = db.session
    claimed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.accepted_at.is_not(None),
            Invitation.inviter_mailed_at.is_(None),
        )
        .values(inviter_mailed_at=utcnow())
    )
    invitation = session.get(Invitation, invitation_id)
    inviter = session.get(User, invitation.invited_by_id) if claimed.rowcount == 1 else None
    if inviter is None:
        log.info("invitation %s: no inviter to tell (missing, not accepted or already told)", invitation_id)
        return
    scope_name, scope_locale = _scope(session, invitation)
    mail = render_mail(
        "invitation_outcome",
        (inviter.locale or scope_locale, "en"),
        granted=invitation.status == ACCEPTED,
        name=invitation.accepted_by_name,
        email=invitation.accepted_by_email,
        role=ROLE_LABELS[Role(invitation.role)],
        scope=scope_name,
        link=f"{current_app.config['PUBLIC_URL']}/invitations",
    )
    record(
        session,
        principal_of(session),
        "invitation.inviter_email",
        invitation,
        tenant_id=invitation.tenant_id,
        region_id=invitation.region_id,
        summary={"status": invitation.status},
    )
    get_mailer(current_app).send(inviter.email, mail.subject, mail.text, mail.html)


def _claim(session: Session, invitation_id: int) -> bool:
    """Mark the invitation emailed if it is still open; False when another run got there first."""
    now = utcnow()
    claimed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.emailed_at.is_(None),
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(emailed_at=now)
    )
    return claimed.rowcount == 1


def _scope(session: Session, invitation: Invitation) -> tuple[str, str]:
    """The name of the organisation the role is in, and the language of its country."""
    if invitation.tenant_id is not None:
        tenant = session.get(Tenant, invitation.tenant_id)
        return tenant.name, COUNTRY_LOCALES[tenant.country]
    region = session.get(Region, invitation.region_id)
    name = region.name
    if invitation.partner_id is not None:
        name = f"{session.get(PartnerOrganisation, invitation.partner_id).name} ({region.name})"
    return name, _CURRENCY_LOCALE[region.currency]
