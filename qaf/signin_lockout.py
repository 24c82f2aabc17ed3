"""Sign-in lockout that nobody can turn against someone else's account.

django-axes locks a username only together with the address the wrong passwords came from
(``AXES_LOCKOUT_PARAMETERS``), so a stranger typing a colleague's name cannot lock them out
everywhere. On top of that, one address trying many usernames is refused for a while
(``QAF_SIGNIN_ADDRESS_LIMIT`` wrong passwords across all names within ``AXES_COOLOFF_TIME``).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class SigninLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.QAF_SIGNIN_ADDRESS_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Axes decides a lockout by its own count; the address limit is added here, so a
        refused sign-in shows the locked-out page rather than 'wrong password'."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and address_failures(request) >= settings.QAF_SIGNIN_ADDRESS_LIMIT
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def address_failures(request) -> int:
    """Wrong passwords from the request's address, for any username, still within cool-off."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
