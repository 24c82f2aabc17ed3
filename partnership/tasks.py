"""Scheduled work of multi-agency audits: thin, safe to run twice."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def partnership_daily() -> str:
    """Follow-ups three months after each action, escalations to the chair, section reminders."""
    from .services import partnership_daily as run

    return run(today=timezone.localdate())
