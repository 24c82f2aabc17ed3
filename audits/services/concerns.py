"""Safeguarding concerns found during an audit: raised at once, acknowledged by a manager within
one working day, and escalated once to the service area's senior managers if nobody does.

The same path as a safeguarding alert from a feedback form. ``safeguarding_concerns_escalate`` is
the hourly job (``manage.py escalate_safeguarding_concerns``); every run after the first finds
nothing new to escalate.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.selectors import area_leaders, qa_officers, team_managers
from qaf import workflow
from qaf.notifications import notification_send
from qaf.workdays import one_working_day_after

from ..errors import AuditError
from ..models import CaseAudit, SafeguardingConcern
from .grading import _check_text
from .history import history_stamp

ConcernStatus = SafeguardingConcern.Status


def _concern_url(concern: SafeguardingConcern) -> str:
    return reverse("audits:concern", args=[concern.case_audit_id, concern.pk])


@transaction.atomic
def safeguarding_concern_raise(
    *, case_audit: CaseAudit, by, concern: str, action_taken: str = ""
) -> SafeguardingConcern:
    """Record a concern and tell the team manager(s) and the senior managers at once.

    Allowed in every state of the audit. The message names the case by its case-management ID
    only; the concern itself is read in the service, never sent by email.
    """
    if not concern.strip():
        raise AuditError("Describe the safeguarding concern.")
    case_audit = CaseAudit.objects.select_related("child", "team__service_area").get(
        pk=case_audit.pk
    )
    now = timezone.now()
    raised = SafeguardingConcern(
        case_audit=case_audit,
        raised_by=by,
        concern=_check_text(concern, "The concern"),
        action_taken=_check_text(action_taken, "What you have done"),
        escalate_after=one_working_day_after(now),
    )
    history_stamp(raised, by=by, reason="Safeguarding concern raised")
    raised.save()
    area = case_audit.team.service_area
    recipients = [
        case_audit.team_manager,
        *team_managers(case_audit.team),
        *area.senior_managers.all(),
        area.head_of_service,
    ]
    case_ref = case_audit.child.child_id
    notification_send(
        recipients=recipients,
        subject=f"Safeguarding concern raised in the audit of case {case_ref}",
        body=(
            f"{by.display_name} raised a safeguarding concern while auditing case {case_ref} "
            f"({case_audit.team}). Read it in the service, act on it today and record that "
            "you have."
        ),
        url=_concern_url(raised),
        dedupe_key=f"audits:safeguarding:{raised.pk}",
    )
    return raised


@transaction.atomic
def safeguarding_concern_acknowledge(
    *, concern: SafeguardingConcern, by, action_taken: str
) -> SafeguardingConcern:
    """A manager records what they did to check the child is safe. Once only."""
    concern = (
        SafeguardingConcern.objects.select_for_update(of=("self",))
        .select_related("case_audit__team__service_area")
        .get(pk=concern.pk)
    )
    workflow.check(concern, "acknowledge", by=by)
    if not action_taken.strip():
        raise AuditError("Say what you have done to check the child is safe.")
    return workflow.perform(
        concern,
        "acknowledge",
        by=by,
        fields={
            "acknowledged_at": timezone.now(),
            "acknowledged_by": by,
            "acknowledgement": _check_text(action_taken, "What you have done"),
        },
    )


@transaction.atomic
def safeguarding_concerns_escalate(*, now: datetime | None = None) -> int:
    """Escalate concerns still unacknowledged one working day after they were raised, to the
    senior managers of the case's service area (QA officers if it has none). Each concern
    escalates once, however often this runs."""
    now = now or timezone.now()
    overdue = (
        SafeguardingConcern.objects.select_for_update(of=("self",))
        .filter(
            status__in=workflow.machine_for(SafeguardingConcern).action("escalate").sources,
            escalate_after__lte=now,
        )
        .select_related("case_audit__child", "case_audit__team__service_area")
        .order_by("escalate_after", "pk")
    )
    count = 0
    for concern in overdue:
        workflow.perform(concern, "escalate", fields={"escalated_at": now})
        audit = concern.case_audit
        recipients = list(area_leaders(audit.team.service_area)) or list(qa_officers())
        notification_send(
            recipients=recipients,
            subject=(
                f"A safeguarding concern in the audit of case {audit.child.child_id} "
                "has not been acknowledged"
            ),
            body=(
                "A concern raised during an audit has not been acknowledged within one working "
                f"day. Please make sure someone in {audit.team} checks on the child today."
            ),
            url=_concern_url(concern),
            dedupe_key=f"audits:safeguarding-escalated:{concern.pk}",
        )
        count += 1
    return count
