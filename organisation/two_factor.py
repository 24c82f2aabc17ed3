"""Two-factor authentication for local password accounts: an authenticator app (TOTP) and ten
single-use recovery codes, kept by django-otp's ``otp_totp`` and ``otp_static`` devices.

Who is asked is decided once, at sign-in (``on_sign_in``): anyone with a staff role (a QA role,
a team membership, or the admin) who signed in with a password. Sign-in through the council's
OpenID Connect provider is not asked again: the provider does its own multi-factor check. The
demo accounts are let off only while ``QAF_2FA_DEMO_EXEMPT`` is on, which needs ``DEBUG=1``.
Until the person gives a code, ``qaf.middleware.SecondFactorMiddleware`` sends every page to
these steps.
"""

import base64
import logging
import re
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import TeamMembership
from qaf.errors import ServiceError
from qaf.middleware import SECOND_FACTOR_KEY, SECOND_FACTOR_PENDING, SECOND_FACTOR_VERIFIED

from .models import SecondFactorReset

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
OIDC_BACKEND = "organisation.oidc.CouncilOIDCBackend"
# The session key holding recovery codes until the page that shows them once has been seen.
NEW_RECOVERY_CODES_KEY = "_qaf_new_recovery_codes"
DEVICE_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


class SecondFactorError(ServiceError):
    """A code that was wrong, used, or given too soon after wrong ones."""


def demo_usernames() -> frozenset[str]:
    from casework.demo import DEMO_USERS, PARTICIPATION_USER

    return frozenset([username for username, *_ in DEMO_USERS] + [PARTICIPATION_USER[0]])


def second_factor_required(user, *, backend: str) -> bool:
    """Whether ``user``, signing in through ``backend``, must give a second factor."""
    if backend == OIDC_BACKEND:
        return False
    if settings.QAF_2FA_DEMO_EXEMPT and user.username in demo_usernames():
        return False
    return (
        user.is_staff
        or user.is_superuser
        or user.groups.exists()
        or TeamMembership.objects.filter(user=user).exists()
        or totp_device_for(user) is not None
    )


def on_sign_in(sender, request, user, **kwargs) -> None:
    """The ``user_logged_in`` receiver: a session that needs a code starts out pending."""
    session = getattr(request, "session", None)
    if session is None:
        return
    backend = session.get(BACKEND_SESSION_KEY, "")
    if second_factor_required(user, backend=backend):
        session[SECOND_FACTOR_KEY] = SECOND_FACTOR_PENDING
    else:
        session.pop(SECOND_FACTOR_KEY, None)


def mark_verified(request) -> None:
    request.session[SECOND_FACTOR_KEY] = SECOND_FACTOR_VERIFIED
    # A new session key, as at sign-in: whatever was known of the half-signed-in one is no use.
    request.session.cycle_key()


def totp_device_for(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, as authenticator apps take it typed in, in groups of four."""
    text = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed device being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _throttled(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = ""
        locked_until = (details or {}).get("locked_until")
        if locked_until:
            seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
            wait = f" Wait {seconds} second{'s' if seconds != 1 else ''}, then"
        raise SecondFactorError(
            f"You have entered too many wrong codes.{wait or ' Wait a moment, then'} try again."
        )


def enrolment_confirm(*, user, code: str) -> list[str]:
    """Confirm the authenticator app with a code from it; returns the new recovery codes."""
    code = _clean(code)
    if not re.fullmatch(r"\d{6}", code):
        raise SecondFactorError("Enter the 6-digit code your authenticator app shows")
    # A wrong code is counted (for the throttle) in its own transaction, then refused.
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise SecondFactorError("Start setting up again: the page has changed.")
        _throttled(device)
        accepted = device.verify_token(code)
        if accepted:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = recovery_codes_replace(user=user)
    if not accepted:
        raise SecondFactorError(
            "That code is not right. Check the app shows this service and try the newest code."
        )
    logger.info("Two-factor authentication set up for user %s", user.pk)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_verify(*, user, code: str) -> str:
    """Check a code from the app (6 digits) or a recovery code (used up). Returns which.

    A wrong code is counted (for the throttle) in its own transaction, then refused."""
    code = _clean(code)
    if not code:
        raise SecondFactorError("Enter the code from your authenticator app, or a recovery code")
    from_app = bool(re.fullmatch(r"\d{6}", code))
    with transaction.atomic():
        if from_app:
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        device = device.first()
        if device is None:
            raise SecondFactorError(
                "Set up your authenticator app first."
                if from_app
                else "That is not a code from your app, and you have no recovery codes."
            )
        _throttled(device)
        accepted = device.verify_token(code)
    if from_app and not accepted:
        raise SecondFactorError(
            "That code is not right, or it has been used. Enter the newest code from your app."
        )
    if not accepted:
        raise SecondFactorError("That recovery code is not right, or it has been used already.")
    if not from_app:
        logger.info("A recovery code was used by user %s", user.pk)
    return "app" if from_app else "recovery code"


@transaction.atomic
def second_factor_reset(*, by, person) -> SecondFactorReset:
    """Remove the person's authenticator app and recovery codes (they lost their phone): they
    set up again the next time they sign in. Their sessions end, and the reset is kept."""
    from .accounts import sessions_end

    if person.pk == by.pk:
        raise SecondFactorError(
            "You cannot reset your own two-factor authentication. Ask another QA officer."
        )
    had_app = TOTPDevice.objects.filter(user=person).exists()
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    reset = SecondFactorReset.objects.create(person=person, reset_by=by, had_app=had_app)
    sessions_end(person)
    logger.info("Two-factor authentication of user %s reset by user %s", person.pk, by.pk)
    return reset
