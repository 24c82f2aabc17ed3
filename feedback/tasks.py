"""Scheduled voice jobs. Each is idempotent, safe to run twice, and has a manage.py command."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .services import closure_invitations_create, invitations_expire, safeguarding_alerts_escalate


@shared_task(acks_late=True)
def escalate_safeguarding_alerts() -> int:
    """Alerts unchecked one working day after they were raised go to the senior managers."""
    return safeguarding_alerts_escalate()


@shared_task(acks_late=True)
def create_closure_invitations() -> int:
    """Closure surveys for cases closed recently (looking back, so a missed day is caught up)."""
    today = timezone.localdate()
    return closure_invitations_create(
        since=today - timedelta(days=settings.FEEDBACK_CLOSURE_LOOKBACK_DAYS), until=today
    )


@shared_task(acks_late=True)
def expire_feedback_links() -> int:
    return invitations_expire()
