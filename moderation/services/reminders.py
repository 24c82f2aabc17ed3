"""The daily job (``manage.py send_daily_reminders``): reminders and escalations for overdue
gradings, moderations, feedback, actions and follow-up reviews.

Every message goes through ``notification_send`` with a key, so it appears in "My work" and the
person's messages and is emailed once, however often the job runs. Anything overdue by
``QAF_ESCALATE_AFTER_WORKING_DAYS`` working days is escalated to the head of service, once.
Reminders to auditors about gradings are the audits app's own daily job; this one escalates them.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from audits.models import CaseAudit, Grading
from qaf.notifications import notification_send
from qaf.workdays import add_working_days

from .. import selectors, timescales
from ..models import Action, Escalation, FinalGrade, FollowUpReview, Moderation
from .follow_up import escalation_raise
from .re_audit import re_audits_schedule
from .routing import case_audit_route

Status = CaseAudit.Status


@dataclass
class DailyResult:
    routed: int = 0
    reminders: int = 0
    escalations: int = 0
    re_audits: int = 0

    def __str__(self) -> str:
        return (
            f"{self.reminders} reminder{'s' if self.reminders != 1 else ''} sent, "
            f"{self.escalations} escalation{'s' if self.escalations != 1 else ''} raised, "
            f"{self.routed} audit{'s' if self.routed != 1 else ''} routed, "
            f"{self.re_audits} case{'s' if self.re_audits != 1 else ''} added for re-audit"
        )


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _was_due(due: date) -> str:
    return f"It was due on {_long(due)}."


def daily_reminders_send(*, today: date) -> DailyResult:
    result = DailyResult()

    # A safety net: an audit whose routing message was lost is routed now.
    for pk in CaseAudit.objects.filter(status=Status.BOTH_GRADED).values_list("pk", flat=True):
        case_audit_route(case_audit_id=pk, today=today)
        result.routed += 1

    _gradings(today, result)
    _moderations(today, result)
    _feedback(today, result)
    _actions(today, result)
    _follow_ups(today, result)
    result.re_audits = len(re_audits_schedule(today=today))
    return result


def _send(result: DailyResult, **message) -> None:
    result.reminders += len(notification_send(**message))


def _escalate(result: DailyResult, **escalation) -> None:
    _, created = escalation_raise(**escalation)
    result.escalations += created


def _gradings(today: date, result: DailyResult) -> None:
    """Gradings long overdue go to the head of service (the audits app sends the reminders)."""
    submitted = Grading.objects.filter(submitted_at__isnull=False)
    audits = CaseAudit.objects.filter(
        status__in=CaseAudit.GRADING_STATES, due_date__lt=today
    ).select_related("child")
    for audit in audits:
        if not timescales.escalation_due(audit.due_date, today):
            continue
        submitted_roles = set(submitted.filter(case_audit=audit).values_list("role", flat=True))
        missing = [
            f"the {label.lower()}'s"
            for role, label in Grading.Role.choices
            if role not in submitted_roles
        ]
        gradings = " and ".join(missing) + (" gradings" if len(missing) > 1 else " grading")
        _escalate(
            result,
            key=f"grading-overdue:{audit.pk}",
            kind=Escalation.Kind.GRADING_OVERDUE,
            case_audit=audit,
            reason=(
                f"{gradings[0].upper()}{gradings[1:]} of case {audit.child.child_id} "
                f"{'are' if len(missing) > 1 else 'is'} overdue. "
                f"{'They were' if len(missing) > 1 else 'It was'} due on {_long(audit.due_date)}."
            ),
        )


def _moderations(today: date, result: DailyResult) -> None:
    waiting = Moderation.objects.filter(status=Moderation.Status.WAITING).select_related(
        "case_audit__child"
    )
    for moderation in waiting:
        _send(
            result,
            recipients=selectors.qa_officers(),
            subject=f"The audit of case {moderation.case_audit.child.child_id} needs a moderator",
            body=moderation.routing_note,
            url=reverse("moderation:assign", args=[moderation.pk]),
            dedupe_key=f"moderation:needs-moderator:{moderation.pk}",
        )
    open_moderations = Moderation.objects.filter(
        status=Moderation.Status.TO_MODERATE
    ).select_related("case_audit__child", "moderator")
    for moderation in open_moderations:
        case_ref = moderation.case_audit.child.child_id
        url = reverse("moderation:detail", args=[moderation.pk])
        due = moderation.due_date
        if timescales.due_soon(due, today):
            _send(
                result,
                recipients=[moderation.moderator],
                subject=f"The moderation of case {case_ref} is due on {_long(due)}",
                body="Meet both auditors and record the agreed grades.",
                url=url,
                dedupe_key=f"moderation:due-soon:{moderation.pk}:{moderation.moderator_id}",
            )
        elif due < today:
            _send(
                result,
                recipients=[moderation.moderator],
                subject=f"The moderation of case {case_ref} is overdue",
                body=f"{_was_due(due)} Record it as soon as you can.",
                url=url,
                dedupe_key=f"moderation:overdue:{moderation.pk}:{moderation.moderator_id}",
            )
        if timescales.escalation_due(due, today):
            _escalate(
                result,
                key=f"moderation-overdue:{moderation.pk}",
                kind=Escalation.Kind.MODERATION_OVERDUE,
                case_audit=moderation.case_audit,
                reason=(
                    f"{moderation.moderator.display_name} has not yet moderated case {case_ref}. "
                    f"{_was_due(due)}"
                ),
            )


def _feedback(today: date, result: DailyResult) -> None:
    finals = FinalGrade.objects.filter(
        case_audit__status__in=(Status.AGREED, Status.MODERATED), feedback_due__lt=today
    ).select_related("case_audit__child", "case_audit__team_manager")
    for final in finals:
        audit = final.case_audit
        _send(
            result,
            recipients=[audit.team_manager],
            subject=f"Actions and feedback for case {audit.child.child_id} are overdue",
            body=(
                f"They were due on {_long(final.feedback_due)}. Agree the actions and give the "
                "social worker their feedback."
            ),
            url=reverse("moderation:case", args=[audit.pk]),
            dedupe_key=f"moderation:feedback-overdue:{audit.pk}",
        )


def _actions(today: date, result: DailyResult) -> None:
    actions = Action.objects.filter(
        status=Action.Status.OPEN,
        due_date__lte=add_working_days(today, settings.QAF_MODERATION_REMINDER_WORKING_DAYS),
        case_audit__status__in=(
            Status.AGREED,
            Status.MODERATED,
            Status.ACTIONS_AND_FEEDBACK,
            Status.FOLLOW_UP,
        ),
    ).select_related("case_audit__child", "owner")
    for action in actions:
        case_ref = action.case_audit.child.child_id
        url = reverse("moderation:action", args=[action.pk])
        if timescales.due_soon(action.due_date, today):
            _send(
                result,
                recipients=[action.owner],
                subject=f"Your action from the audit of case {case_ref} is due on "
                f"{_long(action.due_date)}",
                body="When it is done, say where to see the evidence.",
                url=url,
                dedupe_key=f"moderation:action-due-soon:{action.pk}:{action.owner_id}",
            )
        elif action.due_date < today:
            _send(
                result,
                recipients=[action.owner],
                subject=f"Your action from the audit of case {case_ref} is overdue",
                body=f"{_was_due(action.due_date)} Finish it, or talk to your manager.",
                url=url,
                dedupe_key=f"moderation:action-overdue:{action.pk}:{action.owner_id}",
            )
        if timescales.escalation_due(action.due_date, today):
            _escalate(
                result,
                key=f"action-overdue:{action.pk}",
                kind=Escalation.Kind.ACTION_OVERDUE,
                case_audit=action.case_audit,
                action=action,
                reason=(
                    f"An action on case {case_ref} owned by {action.owner.display_name} is not "
                    f"done. {_was_due(action.due_date)}"
                ),
            )


def _follow_ups(today: date, result: DailyResult) -> None:
    reviews = FollowUpReview.objects.filter(status=FollowUpReview.Status.DUE).select_related(
        "case_audit__child", "case_audit__team__service_area", "reviewer"
    )
    for review in reviews:
        case_ref = review.case_audit.child.child_id
        url = reverse("moderation:follow_up", args=[review.pk])
        recipients = (
            [review.reviewer]
            if review.reviewer
            else selectors.senior_managers_of(review.case_audit.team.service_area)
        )
        if review.complete_by < today:
            _send(
                result,
                recipients=recipients,
                subject=f"The follow-up review of case {case_ref} is overdue",
                body=f"It was due by {_long(review.complete_by)}.",
                url=url,
                dedupe_key=f"moderation:follow-up-overdue:{review.pk}",
            )
        if timescales.escalation_due(review.complete_by, today):
            _escalate(
                result,
                key=f"follow-up-overdue:{review.pk}",
                kind=Escalation.Kind.FOLLOW_UP_OVERDUE,
                case_audit=review.case_audit,
                reason=(
                    f"The follow-up review of case {case_ref} has not been done. "
                    f"It was due by {_long(review.complete_by)}."
                ),
            )
