"""Site-wide pages: "My work", health check and the public pages."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import work
from .middleware import SECOND_FACTOR_KEY, SECOND_FACTOR_PENDING, second_factor_url
from .models import Notification
from .notifications import notification_mark_all_read, notification_mark_read, unread_count

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    """Sign in, then go where the person asked, else to their landing page (a director's is the
    KPI dashboard), else to My work."""

    def get_default_redirect_url(self):
        user = self.request.user
        landing = work.landing_for(user) if user.is_authenticated else None
        if landing and not self.next_page:
            return resolve_url(landing)
        return super().get_default_redirect_url()

    def get_success_url(self):
        """Someone who owes a second factor goes to it first, then on to where they were going."""
        url = super().get_success_url()
        # The session was made by this sign-in: the browser has no cookie for it yet.
        if self.request.session.get(SECOND_FACTOR_KEY) == SECOND_FACTOR_PENDING:
            return second_factor_url(url)
        return url


@login_required
def home(request):
    """My work: what is waiting for the signed-in person, role by role."""
    return render(
        request,
        "qaf/home.html",
        {
            "work_by_role": work.sections_for(request.user),
            "unread_messages": unread_count(request.user),
        },
    )


@require_GET
@never_cache
def healthz(request):
    """Database and broker state for load balancers and monitoring: 503 if the database is down."""
    database = _database_state()
    broker = _broker_state()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "broker": broker},
        status=status,
    )


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down", whatever the driver raised
        logger.exception("Health check: database unreachable")
        return "down"
    return "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in-process
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError:
        logger.warning("Health check: broker unreachable")
        return "down"
    return "ok"


def accessibility(request):
    return render(request, "qaf/accessibility.html")


def privacy(request):
    return render(request, "qaf/privacy.html")


# Ten messages a page keeps the inbox to a few screens on a phone.
MESSAGES_PER_PAGE = 10


@login_required
def notifications(request):
    """Every message sent to the signed-in person, newest first (emails are copies of these)."""
    inbox = Notification.objects.filter(recipient=request.user)
    totals = inbox.aggregate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))
    paginator = Paginator(
        inbox.only("subject", "body", "url", "created_at", "read_at"), MESSAGES_PER_PAGE
    )
    paginator.count = totals["total"]  # both counts in one query, not one each
    return render(
        request,
        "qaf/notifications.html",
        {"page_obj": paginator.get_page(request.GET.get("page")), "unread": totals["unread"]},
    )


@login_required
@require_POST
def notifications_mark_all_read(request):
    """Mark every message read at once, for someone coming back to a full inbox."""
    count = notification_mark_all_read(recipient=request.user)
    if count:
        messages.success(request, f"{count} message{'s' if count != 1 else ''} marked as read.")
    else:
        messages.info(request, "You had no unread messages.")
    return redirect("notifications")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark a message read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications")
