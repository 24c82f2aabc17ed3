"""Thin tasks: each has a management command that runs the same service."""

from celery import shared_task

from .services import quarterly_report_draft_due


@shared_task(acks_late=True)
def draft_quarterly_report() -> int:
    """Draft the report of the quarter that ended last, once; a no-op when it exists."""
    return quarterly_report_draft_due().pk
