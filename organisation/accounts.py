"""Accounts: invite by email (a single-use, expiring link to set a password), deactivate and
reactivate.

Deactivating ends the person's sessions at once (their next page asks them to sign in, and the
sign-in refuses them) and keeps everything they did. The last active QA officer cannot be
deactivated.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role

from .errors import OrganisationError
from .models import Invitation
from .services import stamp


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return settings.QAF_BASE_URL + reverse("organisation:invitation_accept", args=[token])


@transaction.atomic
def invitation_send(*, by, person, now=None) -> str:
    """Email ``person`` a link to set their password; earlier unused links stop working."""
    now = now or timezone.now()
    if not person.email:
        raise OrganisationError(f"{person} has no email address. Add one to the staff list first.")
    if person.has_usable_password() and person.is_active and person.last_login:
        raise OrganisationError(f"{person} already signs in.")
    for older in Invitation.objects.filter(user=person, used_at__isnull=True, expires_at__gt=now):
        older.expires_at = now
        stamp(older, by=by, reason="Replaced by a new invitation")
        older.save(update_fields=["expires_at"])
    token = secrets.token_urlsafe(32)
    days = settings.ORGANISATION_INVITATION_DAYS
    invitation = Invitation(
        user=person,
        email=person.email,
        token_hash=_hash(token),
        created_by=by,
        expires_at=now + dt.timedelta(days=days),
    )
    stamp(invitation, by=by, reason="Invited")
    invitation.save()
    link = invitation_link(token)
    transaction.on_commit(
        lambda: send_mail(
            "Your account for the Quality Assurance Framework",
            f"{by} has given you an account for Northmoor Children's Services' Quality "
            f"Assurance Framework.\n\nSet your password within {days} days, using this link "
            f"once:\n\n{link}\n\nIf you did not expect this, you can ignore this email.",
            None,
            [person.email],
        )
    )
    return token


class InvitationProblem(Exception):
    """The link cannot be used; the message says why and what to do."""

    status = 410  # used or expired: gone


class InvitationUnknown(InvitationProblem):
    status = 404


def invitation_for_token(token: str, *, now=None) -> Invitation:
    now = now or timezone.now()
    invitation = Invitation.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise InvitationUnknown(
            "This link is not a valid invitation. Check you copied the whole link from the email."
        )
    if invitation.used_at is not None:
        raise InvitationProblem(
            "This invitation has already been used. Sign in with the password you set, or ask a "
            "QA officer to send a new invitation."
        )
    if invitation.expires_at <= now:
        raise InvitationProblem(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y}. "
            "Ask a QA officer to send a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, now=None):
    """Set the person's password from the link, once; the account is switched on."""
    now = now or timezone.now()
    invitation = invitation_for_token(token, now=now)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise InvitationProblem("This invitation has already been used.")
    invitation.used_at = now
    stamp(invitation, by=invitation.user, reason="Password set")
    invitation.save(update_fields=["used_at"])
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user


def sessions_end(user) -> int:
    """Delete the person's stored sessions (with database sessions); returns how many."""
    if "db" not in settings.SESSION_ENGINE:
        return 0
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def account_deactivate(*, by, person) -> None:
    User = get_user_model()
    if person.pk == by.pk:
        raise OrganisationError("You cannot deactivate your own account.")
    if not person.is_active:
        raise OrganisationError(f"{person}'s account is already deactivated.")
    if (
        person.has_role(Role.QA_OFFICER)
        and not User.objects.filter(is_active=True, groups__name=Role.QA_OFFICER.value)
        .exclude(pk=person.pk)
        .exists()
    ):
        raise OrganisationError(f"{person} is the only QA officer and cannot be deactivated.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    sessions_end(person)


@transaction.atomic
def account_reactivate(*, by, person) -> None:
    if person.is_active:
        raise OrganisationError(f"{person}'s account is already active.")
    person.is_active = True
    person.save(update_fields=["is_active"])
