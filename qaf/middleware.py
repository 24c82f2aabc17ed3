"""Middleware for the signed-in session: the idle timeout, pages kept out of caches, and
partner auditors kept to the partnership's pages."""

import time

from django.conf import settings
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from .permissions import is_partner_only

# The session key holding when the idle timeout was last pushed back (seconds since the epoch).
SESSION_REFRESHED_KEY = "_qaf_refreshed"


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
