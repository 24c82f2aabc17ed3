"""Three months after the final grade: the follow-up review, and escalations to the head of
service.

``follow_up_reviews_create`` is the scheduled job (``manage.py create_follow_up_reviews``): it
creates each review once, on the day it falls due. A senior manager of the case's service area
checks each action and looks back at practice; actions not done, or no improvement, escalate to
the head of service with a reason. An inadequate case can be put forward for re-audit in the next
round.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit, Grade
from audits.services.history import history_stamp
from qaf import workflow
from qaf.notifications import notification_send

from .. import selectors, timescales
from ..errors import ModerationError
from ..models import (
    Action,
    ActionCheck,
    Escalation,
    FinalGrade,
    FollowUpReview,
    Moderation,
    PractitionerFeedback,
)
from .after_grade import loop_start_actions
from .moderating import clean_text

Status = CaseAudit.Status


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# Escalations -----------------------------------------------------------------------------------


def escalation_raise(
    *,
    key: str,
    kind: str,
    case_audit: CaseAudit,
    reason: str,
    by=None,
    action: Action | None = None,
) -> tuple[Escalation, bool]:
    """Escalate to the head of service once per ``key``: a second call returns the first."""
    existing = Escalation.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    case_audit = CaseAudit.objects.select_related(
        "child", "team__service_area__head_of_service"
    ).get(pk=case_audit.pk)
    recipients = selectors.escalation_recipients(case_audit)
    escalation = Escalation(
        key=key,
        kind=kind,
        case_audit=case_audit,
        action=action,
        escalated_to=recipients[0] if recipients else None,
        reason=reason,
        raised_by=by,
    )
    history_stamp(escalation, by=by, reason="Escalated")
    try:
        with transaction.atomic():
            escalation.save()
    except IntegrityError:
        # Another run escalated the same thing a moment ago.
        return Escalation.objects.get(key=key), False
    notification_send(
        recipients=recipients,
        subject=(
            f"Escalated to you: {escalation.get_kind_display().lower()} in the audit of case "
            f"{case_audit.child.child_id}"
        ),
        # The reason may be free text: it is read in the service, never sent by email.
        body="Read why in the service, and record what will happen next.",
        url=reverse("moderation:escalation", args=[escalation.pk]),
        dedupe_key=f"moderation:escalation:{key}",
    )
    return escalation, True


@transaction.atomic
def escalation_resolve(*, escalation: Escalation, by, response: str) -> Escalation:
    """The head of service (or a senior manager of the area) records what will happen. An
    escalated follow-up then closes the audit."""
    escalation = Escalation.objects.select_related("case_audit__team").get(pk=escalation.pk)
    escalation = workflow.perform(
        escalation,
        "resolve",
        by=by,
        reason="Resolved",
        fields={
            "response": clean_text(response, "what will happen next"),
            "resolved_at": timezone.now(),
            "resolved_by": by,
        },
    )
    audit = CaseAudit.objects.select_related("child").get(pk=escalation.case_audit_id)
    if escalation.kind == Escalation.Kind.FOLLOW_UP_OUTCOME and audit.status == Status.ESCALATED:
        workflow.perform(audit, "close", by=by, reason="Escalation resolved")
    if escalation.raised_by_id and escalation.raised_by_id != by.pk:
        notification_send(
            recipients=[escalation.raised_by],
            subject=(
                f"{by.display_name} responded to the escalation from the audit of case "
                f"{audit.child.child_id}"
            ),
            url=reverse("moderation:escalation", args=[escalation.pk]),
            dedupe_key=f"moderation:escalation-resolved:{escalation.pk}",
        )
    return escalation


# Creating the reviews --------------------------------------------------------------------------


def _reviewer_for(audit: CaseAudit):
    """The moderator if they still lead the case's area, else its least-busy senior manager."""
    area = audit.team.service_area
    seniors = selectors.senior_managers_of(area)
    if not seniors:
        return None
    moderation = Moderation.objects.filter(case_audit=audit).first()
    if moderation is not None and moderation.moderator_id in {s.pk for s in seniors}:
        return next(s for s in seniors if s.pk == moderation.moderator_id)
    loads = dict(
        FollowUpReview.objects.filter(status=FollowUpReview.Status.DUE, reviewer__in=seniors)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    return min(seniors, key=lambda s: (loads.get(s.pk, 0), s.display_name))


@transaction.atomic
def follow_up_review_create(
    *, final_grade: FinalGrade, today: date
) -> tuple[FollowUpReview | None, bool]:
    """Create the follow-up review of one audit, once. Returns the review (None if it is not due
    or the audit is not at that point of the loop) and whether it was created now."""
    audit = (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("child", "team__service_area")
        .get(pk=final_grade.case_audit_id)
    )
    if final_grade.follow_up_due > today:
        return None, False
    existing = FollowUpReview.objects.filter(case_audit=audit).first()
    if existing is not None or audit.status not in (
        Status.AGREED,
        Status.MODERATED,
        Status.ACTIONS_AND_FEEDBACK,
    ):
        return existing, False
    loop_start_actions(case_audit=audit, reason="The follow-up came due before feedback was given")
    workflow.perform(audit, "follow_up", reason="Follow-up review due")
    reviewer = _reviewer_for(audit)
    review = FollowUpReview(
        case_audit=audit,
        reviewer=reviewer,
        due_date=final_grade.follow_up_due,
        complete_by=timescales.follow_up_complete_by(final_grade.follow_up_due),
    )
    history_stamp(review, reason="Created three months after the final grade")
    review.save()
    recipients = [reviewer] if reviewer else list(selectors.qa_officers())
    notification_send(
        recipients=recipients,
        subject=(
            f"Follow-up review of case {audit.child.child_id} due by {_long(review.complete_by)}"
        ),
        body=(
            "Three months have passed since the final grade. Check each action and look back at "
            "practice on the case since then."
        ),
        url=reverse("moderation:follow_up", args=[review.pk]),
        dedupe_key=f"moderation:follow-up:{review.pk}",
    )
    return review, True


def follow_up_reviews_create(*, today: date) -> list[FollowUpReview]:
    """Every follow-up review that has fallen due by ``today`` and does not exist yet, each in
    its own transaction. Running it again the same day, or the next, creates nothing new."""
    due = FinalGrade.objects.filter(
        follow_up_due__lte=today, case_audit__follow_up_review__isnull=True
    ).order_by("follow_up_due", "pk")
    created = []
    for final_grade in due:
        review, is_new = follow_up_review_create(final_grade=final_grade, today=today)
        if is_new:
            created.append(review)
    return created


# Completing a review ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInput:
    finding: str
    comment: str = ""


def needs_escalation(checks: dict[int, CheckInput], outcome: str) -> bool:
    """Actions not done (in full), or no improvement, go to the head of service."""
    return outcome == FollowUpReview.Outcome.NOT_IMPROVED or any(
        check.finding != ActionCheck.Finding.DONE for check in checks.values()
    )


@transaction.atomic
def follow_up_review_complete(
    *,
    review: FollowUpReview,
    by,
    checks: dict[int, CheckInput],
    outcome: str,
    look_back: str,
    re_audit: bool = False,
    escalation_reason: str = "",
) -> FollowUpReview:
    """Record the follow-up: a finding on each action, the outcome and the look back. The audit
    closes, or is escalated to the head of service when an action is not done or practice has
    not improved."""
    review = FollowUpReview.objects.select_related(
        "case_audit__team__service_area", "case_audit__child", "case_audit__final_grade"
    ).get(pk=review.pk)
    audit = review.case_audit
    workflow.check(review, "complete", by=by)
    actions = list(Action.objects.filter(case_audit=audit).exclude(status=Action.Status.CANCELLED))
    for action in actions:
        check = checks.get(action.pk)
        if check is None or check.finding not in ActionCheck.Finding.values:
            raise ModerationError(f"Say whether this action was done: {action.description[:80]}")
    if outcome not in FollowUpReview.Outcome.values:
        raise ModerationError("Choose whether practice has improved.")
    look_back = clean_text(look_back, "what you found when you looked back at practice")
    if re_audit and audit.final_grade.overall_grade != Grade.INADEQUATE:
        raise ModerationError("Only a case graded inadequate can be put forward for re-audit.")
    checks = {action.pk: checks[action.pk] for action in actions}
    escalate = needs_escalation(checks, outcome)
    reason = ""
    if escalate:
        reason = clean_text(
            escalation_reason,
            "why this goes to the head of service (what was not done or why "
            "practice has not improved)",
        )

    for action in actions:
        check = ActionCheck(
            review=review,
            action=action,
            finding=checks[action.pk].finding,
            comment=clean_text(checks[action.pk].comment, "the comment", required=False),
        )
        history_stamp(check, by=by, reason="Checked at follow-up")
        check.save()
    today = timezone.localdate()
    review = workflow.perform(
        review,
        "complete",
        by=by,
        reason=f"Completed: {FollowUpReview.Outcome(outcome).label.lower()}",
        fields={
            "outcome": outcome,
            "look_back": look_back,
            "re_audit": re_audit,
            "re_audit_period": timescales.next_month(today) if re_audit else None,
            "escalation_reason": reason,
            "completed_at": timezone.now(),
            "completed_by": by,
        },
    )
    if escalate:
        workflow.perform(audit, "escalate", by=by, reason="Escalated at follow-up")
        escalation_raise(
            key=f"follow-up:{review.pk}",
            kind=Escalation.Kind.FOLLOW_UP_OUTCOME,
            case_audit=audit,
            reason=reason,
            by=by,
        )
    else:
        workflow.perform(audit, "close", by=by, reason="Closed at follow-up")
    notification_send(
        recipients=[audit.team_manager] if audit.team_manager_id != by.pk else [],
        subject=(
            f"Follow-up of case {audit.child.child_id}: "
            f"{FollowUpReview.Outcome(outcome).label.lower()}"
        ),
        body="It has been escalated to the head of service."
        if escalate
        else "The audit is closed.",
        url=reverse("moderation:case", args=[audit.pk]),
        dedupe_key=f"moderation:follow-up-done:{review.pk}",
    )
    _follow_up_outcome_tell_social_worker(review=review, audit=audit, by=by, escalated=escalate)
    return review


def _follow_up_outcome_tell_social_worker(
    *, review: FollowUpReview, audit: CaseAudit, by, escalated: bool
) -> None:
    """The social worker hears how the loop ended, as their manager does: the outcome, on the
    page where they read their feedback (or My work, if no feedback was written to them)."""
    if audit.social_worker_id is None or audit.social_worker_id in (by.pk, audit.team_manager_id):
        return
    feedback = PractitionerFeedback.objects.filter(
        case_audit=audit, social_worker_id=audit.social_worker_id
    ).first()
    outcome = {
        FollowUpReview.Outcome.IMPROVED: "practice has improved",
        FollowUpReview.Outcome.PARTLY: "practice has partly improved",
        FollowUpReview.Outcome.NOT_IMPROVED: "practice has not improved",
    }[review.outcome]
    notification_send(
        recipients=[audit.social_worker],
        subject=f"The follow-up of case {audit.child.child_id}: {outcome}",
        body=(
            "Three months after the audit, a senior manager checked the actions and looked back "
            "at practice on the case. "
            + (
                "It has gone to the head of service, who will decide what happens next."
                if escalated
                else "The audit is now closed."
            )
        ),
        url=reverse("moderation:feedback", args=[feedback.pk]) if feedback else reverse("home"),
        dedupe_key=f"moderation:follow-up-outcome:{review.pk}",
    )
