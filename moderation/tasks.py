"""Scheduled work of the loop. Thin: each task takes ids (or nothing), calls a service, and is
safe to run twice."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def route_case_audit(case_audit_id: int) -> str:
    from .services import case_audit_route

    routed = case_audit_route(case_audit_id=case_audit_id)
    return type(routed).__name__ if routed is not None else "not routed"


@shared_task(acks_late=True)
def daily_reminders() -> str:
    from .services import daily_reminders_send

    return str(daily_reminders_send(today=timezone.localdate()))


@shared_task(acks_late=True)
def create_follow_up_reviews() -> int:
    from .services import follow_up_reviews_create

    return len(follow_up_reviews_create(today=timezone.localdate()))
