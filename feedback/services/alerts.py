"""Safeguarding alerts: raised at once by an answer, checked by a manager, escalated if not."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import Child, Team, TeamMembership
from casework.selectors import area_leaders, current_allocation, qa_officers, team_managers
from qaf import workflow
from qaf.notifications import notification_send
from qaf.workdays import one_working_day_after

from ..errors import FeedbackError
from ..models import Invitation, Question, SafeguardingAlert, WorryingPhrase
from ..phrases import first_match, normalise

AlertStatus = SafeguardingAlert.Status

ALERT_SUBJECT = "A child's answer needs checking today"


def alert_routing(*, child: Child | None, team: Team | None) -> tuple[Team | None, bool, list]:
    """The child's team, whether the duty team is told, and who is told.

    The managers of the allocated worker's team; with no allocated worker, the duty team's
    managers as well. If nobody can be found, QA officers, so that an alert never goes nowhere.
    """
    allocation = current_allocation(child) if child is not None else None
    if allocation is not None and allocation.team is not None:
        team = allocation.team
    recipients = list(team_managers(team)) if team is not None else []
    to_duty = allocation is None
    if to_duty:
        duty_managers = TeamMembership.objects.filter(
            team__is_duty=True, role=TeamMembership.Role.MANAGER, end_date__isnull=True
        ).values("user_id")
        recipients += list(get_user_model().objects.filter(pk__in=duty_managers))
    if not recipients:
        recipients = list(qa_officers())
    return team, to_duty, recipients


@transaction.atomic
def safeguarding_alert_raise(
    *,
    invitation: Invitation,
    question: Question,
    reason: str,
    answer_text: str,
    matched_phrase: str = "",
) -> SafeguardingAlert:
    """Raise an alert and tell the managers now. One alert per question on a form: changing the
    answer later neither raises a second nor withdraws the first."""
    existing = SafeguardingAlert.objects.filter(invitation=invitation, question=question).first()
    if existing is not None:
        return existing
    team, to_duty, recipients = alert_routing(child=invitation.child, team=invitation.team)
    now = timezone.now()
    alert = SafeguardingAlert.objects.create(
        invitation=invitation,
        child=invitation.child,
        team=team,
        routed_to_duty=to_duty,
        question=question,
        question_text=question.text,
        answer_text=answer_text,
        matched_phrase=matched_phrase,
        reason=reason,
        raised_at=now,
        escalate_after=one_working_day_after(now),
    )
    # Never the child's name: the alert page shows who it is to those allowed to see it.
    notification_send(
        recipients=recipients,
        subject=ALERT_SUBJECT,
        body="A child or family answered a feedback form in a way that needs checking today. "
        "Open the alert to read the answer, and record what you did.",
        url=reverse("feedback:alert_detail", args=[alert.pk]),
        dedupe_key=f"safeguarding-alert:{alert.pk}",
    )
    return alert


def safeguarding_check(
    *, invitation: Invitation, question: Question, choice: str, text: str
) -> SafeguardingAlert | None:
    """Raise an alert if the answer says the child is unsafe or the words ask for help."""
    if choice and choice in question.alert_answers:
        return safeguarding_alert_raise(
            invitation=invitation,
            question=question,
            reason=SafeguardingAlert.Reason.ANSWER,
            answer_text=question.label_for(choice),
        )
    if text:
        phrases = WorryingPhrase.objects.filter(is_active=True).values_list("phrase", flat=True)
        phrase = first_match(text, phrases)
        if phrase is not None:
            return safeguarding_alert_raise(
                invitation=invitation,
                question=question,
                reason=SafeguardingAlert.Reason.PHRASE,
                answer_text=text,
                matched_phrase=phrase,
            )
    return None


@transaction.atomic
def safeguarding_alert_acknowledge(
    *, alert: SafeguardingAlert, by, action_taken: str
) -> SafeguardingAlert:
    alert = SafeguardingAlert.objects.get(pk=alert.pk)
    workflow.check(alert, "acknowledge", by=by)
    if not action_taken.strip():
        raise FeedbackError("Say what was done to check the child is safe.")
    return workflow.perform(
        alert,
        "acknowledge",
        by=by,
        fields={
            "acknowledged_at": timezone.now(),
            "acknowledged_by": by,
            "action_taken": action_taken.strip(),
        },
    )


def _escalation_recipients(alert: SafeguardingAlert) -> list:
    area_id = alert.team.service_area_id if alert.team is not None else None
    if area_id is None and alert.routed_to_duty:
        area_id = (
            Team.objects.filter(is_duty=True).values_list("service_area_id", flat=True).first()
        )
    recipients = []
    if area_id is not None:
        recipients = list(area_leaders(area_id))
    return recipients or list(qa_officers())


@transaction.atomic
def safeguarding_alerts_escalate(*, now: datetime | None = None) -> int:
    """Escalate alerts still unchecked one working day after they were raised, to the senior
    managers of the team's service area. Each alert escalates once, however often this runs."""
    now = now or timezone.now()
    overdue = (
        SafeguardingAlert.objects.select_for_update(of=("self",))
        .filter(
            status__in=workflow.machine_for(SafeguardingAlert).action("escalate").sources,
            escalate_after__lte=now,
        )
        .select_related("team")
    )
    count = 0
    for alert in overdue:
        workflow.perform(alert, "escalate", fields={"escalated_at": now})
        notification_send(
            recipients=_escalation_recipients(alert),
            subject="A safeguarding alert has not been checked",
            body="An answer that needed checking within one working day has not been checked "
            "yet. Please make sure someone checks on the child today.",
            url=reverse("feedback:alert_detail", args=[alert.pk]),
            dedupe_key=f"safeguarding-alert-escalated:{alert.pk}",
        )
        count += 1
    return count


@transaction.atomic
def worrying_phrase_add(*, phrase: str, by) -> WorryingPhrase:
    phrase = " ".join(phrase.split())
    if not normalise(phrase):
        raise FeedbackError("Enter some words to look for.")
    for existing in WorryingPhrase.objects.select_for_update():
        if normalise(existing.phrase) == normalise(phrase):
            if not existing.is_active:
                existing.is_active = True
                existing.save(update_fields=["is_active"])
                return existing
            raise FeedbackError(f"'{existing.phrase}' is already on the list.")
    return WorryingPhrase.objects.create(phrase=phrase, added_by=by)


@transaction.atomic
def worrying_phrase_remove(*, phrase: WorryingPhrase) -> WorryingPhrase:
    phrase.is_active = False
    phrase.save(update_fields=["is_active"])
    return phrase
