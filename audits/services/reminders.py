"""Daily reminders to auditors whose grading is due soon or overdue (each sent once)."""

from datetime import date

from django.conf import settings
from django.urls import reverse

from qaf.notifications import notification_send
from qaf.workdays import add_working_days

from ..models import CaseAudit, Grading


def grading_reminders_send(*, today: date) -> int:
    """Remind each auditor with an unsubmitted grading due within the reminder window, and again
    once it is overdue. Returns how many messages were sent; a second run the same day sends none.
    """
    window_end = add_working_days(today, settings.QAF_AUDIT_REMINDER_WORKING_DAYS)
    audits = list(
        CaseAudit.objects.filter(
            status__in=CaseAudit.GRADING_STATES, due_date__lte=window_end
        ).select_related("child", "team_manager", "peer_auditor")
    )
    submitted = set(
        Grading.objects.filter(
            case_audit__in=[a.pk for a in audits], submitted_at__isnull=False
        ).values_list("case_audit_id", "role")
    )
    sent = 0
    for audit in audits:
        case_ref = audit.child.child_id
        due = f"{audit.due_date.day} {audit.due_date:%B %Y}"
        for role, auditor in (
            (Grading.Role.TEAM_MANAGER, audit.team_manager),
            (Grading.Role.PEER_AUDITOR, audit.peer_auditor),
        ):
            if auditor is None or (audit.pk, role) in submitted:
                continue
            if audit.due_date < today:
                subject = f"Your grading of case {case_ref} is overdue"
                body = f"It was due on {due}. Grade it as soon as you can."
                key = f"audits:overdue:{audit.pk}:{role}:{auditor.pk}"
            else:
                subject = f"Your grading of case {case_ref} is due on {due}"
                body = "Save a draft as you go; submit it when every domain is graded."
                key = f"audits:due-soon:{audit.pk}:{role}:{auditor.pk}"
            sent += len(
                notification_send(
                    recipients=[auditor],
                    subject=subject,
                    body=body,
                    url=reverse("audits:detail", args=[audit.pk]),
                    dedupe_key=key,
                )
            )
    return sent
