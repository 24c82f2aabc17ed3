"""Middleware for the signed-in session: the idle timeout, the second factor, pages kept out
of caches, and partner auditors kept to the partnership's pages."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .permissions import is_partner_only

# The session key holding when the idle timeout was last pushed back (seconds since the epoch).
SESSION_REFRESHED_KEY = "_qaf_refreshed"
# The session key saying whether the person still owes a second factor after their password.
SECOND_FACTOR_KEY = "_qaf_second_factor"
SECOND_FACTOR_PENDING = "pending"
SECOND_FACTOR_VERIFIED = "verified"
# What someone half signed in (password given, code not yet) may still open: the two-factor
# steps, signing out, the health check, the public pages and the survey links, which children
# and families open without signing in.
SECOND_FACTOR_OPEN_VIEWS = frozenset(
    {
        "second_factor",
        "second_factor_setup",
        "second_factor_recovery_codes",
        "logout",
        "healthz",
        "accessibility",
        "privacy",
        "values",
        "guide",
        "guide_children",
        "take_part",
        "feedback:survey_start",
        "feedback:survey_question",
        "feedback:survey_check",
        "feedback:survey_thanks",
        "feedback:you_said_we_did_public",
    }
)


def _has_session_cookie(request) -> bool:
    # Without a session cookie nobody is signed in, and the session need not be read at all.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class SessionIdleTimeoutMiddleware:
    """Keep a signed-in session alive while it is used, writing it at most once a
    ``QAF_SESSION_REFRESH_SECONDS``.

    The session store's expiry is set when the session is saved, to ``SESSION_COOKIE_AGE`` from
    then. Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) would write the session table on
    every page; instead the expiry is pushed back only when the last push is older than the refresh
    interval, so the idle timeout is kept to within that interval and most requests write nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _has_session_cookie(request) and request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            refreshed = session.get(SESSION_REFRESHED_KEY, 0)
            # A session being saved anyway records the time for free.
            if session.modified or now - refreshed >= settings.QAF_SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now
        return response


def session_mark_refreshed(sender, request, user, **kwargs) -> None:
    """On sign-in (the ``user_logged_in`` signal): the new session is saved with a full idle
    timeout, so the next request need not write it again."""
    if hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())


class SignedInPagesNotStoredMiddleware:
    """Send ``Cache-Control: no-store`` with every page shown to someone signed in.

    Their pages hold children's case details; no browser cache or proxy may keep them. Public
    pages seen signed out, and static files (answered by WhiteNoise before this runs), are left
    cacheable; anonymous private pages (survey links, sign-in) say ``never_cache`` themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _has_session_cookie(request) and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


def second_factor_pending(request) -> bool:
    return (
        _has_session_cookie(request)
        and request.session.get(SECOND_FACTOR_KEY) == SECOND_FACTOR_PENDING
        and request.user.is_authenticated
    )


def second_factor_url(next_url: str | None = None) -> str:
    url = reverse("second_factor")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    """Send someone who has given their password but not yet their second factor to the
    two-factor steps, from every page but the few in ``SECOND_FACTOR_OPEN_VIEWS``.

    Whether a session owes a code is decided at sign-in and kept in the session, so this reads
    no table on any request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not second_factor_pending(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_OPEN_VIEWS:
            return None
        return redirect(
            second_factor_url(request.get_full_path() if request.method == "GET" else None)
        )


# Where a partner auditor may go: the partnership's own pages, My work and messages, signing in
# and out, the service's public pages and statements, and static files.
PARTNER_PATHS = (
    "/partnership/",
    "/accounts/",
    "/messages/",
    "/organisation/invitations/",
    "/static/",
    "/healthz",
    "/accessibility/",
    "/privacy/",
    "/values/",
    "/guide/",
    "/take-part/",
    "/our-year/",
)


class PartnerScopeMiddleware:
    """Answer 404 to a partner auditor for every page outside the partnership's own.

    Partner auditors see the cases of the multi-agency audits they take part in, and nothing else:
    not another case, audit or single-agency page, whatever that page's own checks would say.
    404 rather than 403, so that a page's existence is not revealed. Within ``/partnership/`` the
    partnership's selectors decide which audits and cases they see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path != "/" and not path.startswith(PARTNER_PATHS) and is_partner_only(request.user):
            raise Http404("No such page.")
        return self.get_response(request)
