"""Site-wide pages: "My work", health check and the public pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import work

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """My work: what is waiting for the signed-in person, role by role."""
    return render(request, "qaf/home.html", {"work_by_role": work.sections_for(request.user)})


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


def values(request):
    return render(request, "qaf/values.html")


def guide(request):
    return render(request, "qaf/guide.html")
