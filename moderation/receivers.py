"""What the loop does when the audits app says something happened (connected in apps.py)."""

from django.db import transaction


def route_when_both_graded(sender, *, case_audit_id: int, **kwargs) -> None:
    """Both gradings are in: compare them and route the audit, in a task of its own."""
    from .tasks import route_case_audit

    transaction.on_commit(lambda: route_case_audit.delay(case_audit_id))
