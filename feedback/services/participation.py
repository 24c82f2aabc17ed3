"""Participation groups: setting one up, the recommendations a session makes, and the named
manager's answer to each, which the group then sees."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qaf import workflow
from qaf.notifications import notification_send
from qaf.roles import Role

from ..errors import FeedbackError
from ..models import ParticipationGroup, ParticipationRecommendation, ParticipationSession

ANSWERING_ROLES = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR)


def recommendation_managers():
    """Who may be named to answer a recommendation: active managers and directors."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[r.value for r in ANSWERING_ROLES])
        .distinct()
        .order_by("full_name", "username")
    )


@transaction.atomic
def participation_group_create(*, name: str, description: str = "", by) -> ParticipationGroup:
    name = " ".join(name.split())
    if not name:
        raise FeedbackError("Enter the group's name.")
    if ParticipationGroup.objects.filter(name__iexact=name).exists():
        raise FeedbackError(f"There is already a group called “{name}”.")
    try:
        with transaction.atomic():
            return ParticipationGroup.objects.create(
                name=name, description=description.strip(), created_by=by
            )
    except IntegrityError:
        raise FeedbackError(f"There is already a group called “{name}”.") from None


@transaction.atomic
def participation_group_update(
    *, group: ParticipationGroup, name: str, description: str = "", is_active: bool = True
) -> ParticipationGroup:
    name = " ".join(name.split())
    if not name:
        raise FeedbackError("Enter the group's name.")
    if ParticipationGroup.objects.filter(name__iexact=name).exclude(pk=group.pk).exists():
        raise FeedbackError(f"There is already a group called “{name}”.")
    group.name, group.description, group.is_active = name, description.strip(), is_active
    group.save(update_fields=["name", "description", "is_active"])
    return group


def _check_manager(manager) -> None:
    if manager is None or not recommendation_managers().filter(pk=manager.pk).exists():
        raise FeedbackError("Choose a manager to answer the recommendation.")


@transaction.atomic
def participation_recommendation_add(
    *, session: ParticipationSession, text: str, manager, by
) -> ParticipationRecommendation:
    """Put one of the group's recommendations to a named manager, and tell them."""
    text = text.strip()
    if not text:
        raise FeedbackError("Enter what the group recommends.")
    _check_manager(manager)
    recommendation = ParticipationRecommendation.objects.create(
        session=session, text=text, manager=manager, created_by=by
    )
    notification_send(
        recipients=[manager],
        subject=f"{session.group.name} has a recommendation for you to answer",
        body=(
            "A participation group of children and young people has made a recommendation "
            "after looking at what our audits found. Please answer it: your answer is shown "
            "back to the group."
        ),
        url=reverse("feedback:recommendation_answer", args=[recommendation.pk]),
    )
    return recommendation


def participation_recommendations_add(
    *, session: ParticipationSession, texts: list[str], manager, by
) -> list[ParticipationRecommendation]:
    return [
        participation_recommendation_add(session=session, text=text, manager=manager, by=by)
        for text in texts
    ]


@transaction.atomic
def participation_recommendation_answer(
    *, recommendation: ParticipationRecommendation, answer: str, by
) -> ParticipationRecommendation:
    """The named manager's answer: saved once, then shown on the group's page."""
    answer = answer.strip()
    if not answer:
        raise FeedbackError("Enter your answer to the group.")
    return workflow.perform(
        recommendation,
        "answer",
        by=by,
        fields={"answer": answer, "answered_at": timezone.now()},
    )
