"""After the final grade: actions with owners and due dates, and personal feedback to the
allocated social worker, which they acknowledge (and may reflect on). Compliments found in the
audit are passed on to the social worker and their team manager."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit
from audits.services.history import history_stamp
from casework.selectors import team_managers
from qaf import workflow
from qaf.notifications import notification_send

from .. import selectors
from ..errors import ModerationError
from ..models import Action, FinalGrade, PractitionerFeedback
from .moderating import clean_text

Status = CaseAudit.Status
FINAL_STATES = (Status.AGREED, Status.MODERATED)
ACTION_STATES = (Status.AGREED, Status.MODERATED, Status.ACTIONS_AND_FEEDBACK)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _audit(case_audit: CaseAudit) -> CaseAudit:
    return (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("child", "team__service_area", "team_manager", "social_worker")
        .get(pk=case_audit.pk)
    )


def _final_grade(case_audit: CaseAudit) -> FinalGrade:
    final = FinalGrade.objects.filter(case_audit=case_audit).first()
    if final is None:
        raise ModerationError("This audit has no final grade yet.")
    return final


def _may_manage(by, case_audit: CaseAudit) -> None:
    if not selectors.manages_loop(by, case_audit):
        raise ModerationError(
            "Only the case's team manager, its moderator or a senior manager of its service "
            "area can do this."
        )


def loop_start_actions(*, case_audit: CaseAudit, by=None, reason: str) -> CaseAudit:
    """Agreed or moderated -> actions and feedback (a no-op once it is there)."""
    if case_audit.status in FINAL_STATES:
        workflow.perform(case_audit, "start_actions", by=by, reason=reason)
    return case_audit


@transaction.atomic
def action_add(*, case_audit: CaseAudit, by, description: str, owner, due_date: date) -> Action:
    """Agree an action on the case: what must change, who owns it, and by when."""
    audit = _audit(case_audit)
    _may_manage(by, audit)
    final = _final_grade(audit)
    if audit.status not in ACTION_STATES:
        raise ModerationError(
            "Actions are set before the follow-up review. This audit is "
            f"'{audit.get_status_display().lower()}'."
        )
    description = clean_text(description, "what must change")
    if owner is None or not owner.is_active:
        raise ModerationError("Choose who owns the action.")
    today = timezone.localdate()
    if due_date is None or due_date < today:
        raise ModerationError("The action's due date must be today or later.")
    if due_date > final.follow_up_due:
        raise ModerationError(
            f"The action must be due by {_long(final.follow_up_due)}, when the follow-up review "
            "checks it."
        )
    action = Action(
        case_audit=audit, description=description, owner=owner, due_date=due_date, created_by=by
    )
    history_stamp(action, by=by, reason="Action agreed")
    action.save()
    if owner.pk != by.pk:
        notification_send(
            recipients=[owner],
            subject=f"An action from the audit of case {audit.child.child_id} is yours",
            body=f"{by.display_name} agreed an action with you. It is due by {_long(due_date)}.",
            url=reverse("moderation:action", args=[action.pk]),
            dedupe_key=f"moderation:action-owner:{action.pk}:{owner.pk}",
        )
    return action


@transaction.atomic
def action_complete(*, action: Action, by, evidence: str) -> Action:
    """The owner (or a manager of the loop) marks an action done, saying where to see it."""
    workflow.check(action, "complete", by=by)
    evidence = clean_text(evidence, "the evidence that it is done")
    action = workflow.perform(
        action,
        "complete",
        by=by,
        reason="Done",
        fields={"evidence": evidence, "completed_on": timezone.localdate()},
    )
    return action


@transaction.atomic
def action_reopen(*, action: Action, by, reason: str) -> Action:
    """The evidence does not hold up: the action is open again."""
    workflow.check(action, "reopen", by=by)
    audit = _audit(action.case_audit)
    reason = clean_text(reason, "why the action is open again")
    action = workflow.perform(
        action,
        "reopen",
        by=by,
        reason=f"Reopened: {reason}",
        fields={"completed_on": None},
    )
    notification_send(
        recipients=[action.owner],
        subject=f"An action from the audit of case {audit.child.child_id} is open again",
        body=f"{by.display_name} reopened it. Read why in the service.",
        url=reverse("moderation:action", args=[action.pk]),
    )
    return action


@transaction.atomic
def action_cancel(*, action: Action, by, reason: str) -> Action:
    workflow.check(action, "cancel", by=by)
    reason = clean_text(reason, "why the action is no longer needed")
    return workflow.perform(
        action,
        "cancel",
        by=by,
        reason=f"No longer needed: {reason}",
        fields={"evidence": reason},
    )


@transaction.atomic
def practitioner_feedback_send(
    *, case_audit: CaseAudit, by, going_well: str, to_improve: str, compliments: str = ""
) -> PractitionerFeedback:
    """Give the allocated social worker their personal feedback; the audit moves on to actions
    and feedback. Compliments are passed on to the worker and their team manager."""
    audit = _audit(case_audit)
    _may_manage(by, audit)
    _final_grade(audit)
    if PractitionerFeedback.objects.filter(case_audit=audit).exists():
        raise ModerationError("Feedback from this audit has already been given.")
    if audit.social_worker is None:
        raise ModerationError(
            "This case had no allocated social worker when it was sampled, so there is nobody to "
            "give personal feedback to."
        )
    if audit.status not in ACTION_STATES:
        raise ModerationError("Feedback is given once the audit has its final grade.")
    feedback = PractitionerFeedback(
        case_audit=audit,
        social_worker=audit.social_worker,
        written_by=by,
        going_well=clean_text(going_well, "what is going well"),
        to_improve=clean_text(to_improve, "what to improve"),
        compliments=clean_text(compliments, "the compliments", required=False),
        sent_at=timezone.now(),
    )
    history_stamp(feedback, by=by, reason="Feedback given")
    feedback.save()
    loop_start_actions(case_audit=audit, by=by, reason="Feedback given to the social worker")

    case_ref = audit.child.child_id
    url = reverse("moderation:feedback", args=[feedback.pk])
    notification_send(
        recipients=[audit.social_worker],
        subject=f"Feedback on your work from the audit of case {case_ref}",
        body=(
            f"{by.display_name} has written what is going well and what to improve. Read it, "
            "tell them you have, and add your own reflection if you want to."
        ),
        url=url,
        dedupe_key=f"moderation:feedback:{feedback.pk}",
    )
    if feedback.compliments:
        notification_send(
            recipients=[audit.social_worker],
            subject=f"A compliment from the audit of case {case_ref}",
            body="Someone said something good about your work. Read it with your feedback.",
            url=url,
            dedupe_key=f"moderation:compliment:{feedback.pk}",
        )
        managers = [
            m for m in team_managers(audit.team) if m.pk not in (by.pk, audit.social_worker_id)
        ]
        notification_send(
            recipients=managers,
            subject=(
                f"A compliment for {audit.social_worker.display_name} from the audit of case "
                f"{case_ref}"
            ),
            body="Pass on your thanks too: it is in the feedback from the audit.",
            url=url,
            dedupe_key=f"moderation:compliment:{feedback.pk}",
        )
    return feedback


@transaction.atomic
def practitioner_feedback_acknowledge(
    *, feedback: PractitionerFeedback, by, reflection: str = ""
) -> PractitionerFeedback:
    """The social worker says they have read their feedback, and may add a reflection."""
    workflow.check(feedback, "acknowledge", by=by)
    feedback = workflow.perform(
        feedback,
        "acknowledge",
        by=by,
        reason="Acknowledged",
        fields={
            "acknowledged_at": timezone.now(),
            "reflection": clean_text(reflection, "your reflection", required=False),
        },
    )
    audit = CaseAudit.objects.select_related("child").get(pk=feedback.case_audit_id)
    notification_send(
        recipients=[feedback.written_by],
        subject=(
            f"{by.display_name} has read their feedback from the audit of case "
            f"{audit.child.child_id}"
        ),
        body="They added a reflection." if feedback.reflection else "",
        url=reverse("moderation:feedback", args=[feedback.pk]),
        dedupe_key=f"moderation:feedback-acknowledged:{feedback.pk}",
    )
    return feedback


@transaction.atomic
def loop_without_feedback(*, case_audit: CaseAudit, by) -> CaseAudit:
    """For a case with no allocated social worker: go on to the actions without feedback."""
    audit = _audit(case_audit)
    _may_manage(by, audit)
    _final_grade(audit)
    if audit.social_worker_id is not None:
        raise ModerationError("Give the social worker their feedback first.")
    return loop_start_actions(
        case_audit=audit, by=by, reason="No social worker to give feedback to"
    )
