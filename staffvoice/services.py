"""Every write of staff voice: one function per action."""

import random
from collections.abc import Mapping, Sequence
from datetime import date

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from casework.models import Team, TeamMembership
from casework.selectors import team_managers, teams_of
from qaf import workflow
from qaf.notifications import notification_send
from qaf.roles import Role

from .errors import StaffVoiceError
from .models import (
    AnonymousComment,
    AnonymousResponse,
    CircleMeeting,
    CircleSuggestion,
    Participation,
    QualityCircle,
    Recognition,
    StaffQuestion,
    StaffSurvey,
)

MANAGER_ROLES = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR)
# Shuffles the order the anonymous rows are written in; not for secrets, but unpredictable.
_shuffle = random.SystemRandom().shuffle


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def minimum_group() -> int:
    return settings.QAF_STAFF_VOICE_MIN_GROUP


def _clean(text: str, what: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise StaffVoiceError(f"Enter {what}.")
    return text


def _qa_only(by) -> None:
    if not rules.has_perm("staffvoice.manage_survey", by):
        raise StaffVoiceError("Only QA officers build staff surveys and set up circles.")


# Surveys -----------------------------------------------------------------------------------


@transaction.atomic
def staff_survey_create(*, title: str, intro: str = "", by) -> StaffSurvey:
    _qa_only(by)
    return StaffSurvey.objects.create(
        title=_clean(title, "a title"), intro=(intro or "").strip(), created_by=by
    )


@transaction.atomic
def staff_question_add(
    *, survey: StaffSurvey, text: str, kind: str, hint: str = "", by
) -> StaffQuestion:
    _qa_only(by)
    survey = StaffSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != StaffSurvey.Status.DRAFT:
        raise StaffVoiceError("Questions can only be added while the survey is a draft.")
    last = survey.questions.order_by("-position").values_list("position", flat=True).first()
    return StaffQuestion.objects.create(
        survey=survey,
        position=(last or 0) + 1,
        text=_clean(text, "the question"),
        hint=(hint or "").strip(),
        kind=kind,
    )


def staff_survey_move(*, survey: StaffSurvey, action: str, by) -> StaffSurvey:
    if action == "open" and not survey.questions.exists():
        raise StaffVoiceError("Add at least one question before opening the survey.")
    return workflow.perform(survey, action, by=by)


def _team_size(team: Team) -> int:
    return (
        TeamMembership.objects.filter(team=team, end_date__isnull=True)
        .values("user_id")
        .distinct()
        .count()
    )


def _area_size(area_id: int) -> int:
    return (
        TeamMembership.objects.filter(team__service_area_id=area_id, end_date__isnull=True)
        .values("user_id")
        .distinct()
        .count()
    )


def answer_groups(user) -> tuple[int | None, int | None]:
    """The service area and team an answer may carry: only a person's one current team, and only
    a group with at least the minimum group size of staff. Anything smaller is left out."""
    teams = list(teams_of(user).select_related("service_area")[:2])
    if len(teams) != 1:
        return None, None
    team = teams[0]
    area_id = team.service_area_id if _area_size(team.service_area_id) >= minimum_group() else None
    team_id = team.pk if _team_size(team) >= minimum_group() else None
    return area_id, team_id


@transaction.atomic
def staff_survey_answer(
    *,
    survey: StaffSurvey,
    user,
    scores: Mapping[int, str],
    comments: Mapping[int, str],
    today: date,
) -> None:
    """Save one person's answers with no trace of who gave them, and note that they took part.

    The anonymous rows and the participation row are written in a shuffled order, and nothing is
    returned, so no caller can line the two up.
    """
    survey = StaffSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != StaffSurvey.Status.OPEN:
        raise StaffVoiceError("This survey is not open for answers.")
    questions = {q.pk: q for q in survey.questions.all()}
    clean_scores = {}
    for question_id, value in scores.items():
        question = questions.get(int(question_id))
        if question is None or not question.is_scale:
            raise StaffVoiceError("An answer was for a question this survey does not have.")
        if value in ("", None):
            continue
        if str(value) not in {choice for choice, _ in StaffQuestion.SCALE}:
            raise StaffVoiceError("Choose an answer from 1 to 5.")
        clean_scores[str(question_id)] = int(value)
    clean_comments = []
    for question_id, text in comments.items():
        question = questions.get(int(question_id))
        if question is None or question.is_scale:
            raise StaffVoiceError("An answer was for a question this survey does not have.")
        text = (text or "").strip()
        if text:
            clean_comments.append((question, text))
    if not clean_scores and not clean_comments:
        raise StaffVoiceError("Answer at least one question.")
    week = iso_week(today)
    area_id, team_id = answer_groups(user)
    rows = [
        AnonymousResponse(
            survey=survey, week=week, service_area_id=area_id, team_id=team_id, scores=clean_scores
        ),
        *(
            AnonymousComment(survey=survey, question=q, week=week, text=t)
            for q, t in clean_comments
        ),
        Participation(user=user, survey=survey),
    ]
    _shuffle(rows)
    try:
        with transaction.atomic():
            for row in rows:
                row.save(force_insert=True)
    except IntegrityError:
        raise StaffVoiceError("You have already answered this survey. Thank you.") from None


def staff_comment_check(*, comment: AnonymousComment, action: str, by) -> AnonymousComment:
    return workflow.perform(comment, action, by=by)


# Quality circles -----------------------------------------------------------------------------


@transaction.atomic
def quality_circle_create(*, name: str, level: str, purpose: str = "", by) -> QualityCircle:
    _qa_only(by)
    name = _clean(name, "a name for the circle")
    if QualityCircle.objects.filter(name__iexact=name).exists():
        raise StaffVoiceError("There is already a circle with this name.")
    return QualityCircle.objects.create(
        name=name, level=level, purpose=(purpose or "").strip(), created_by=by
    )


def manager_problem(circle: QualityCircle, person) -> str:
    """Why ``person`` may not join ``circle`` (a manager), or "" if they may."""
    held = [role for role in MANAGER_ROLES if person.has_role(role)]
    if held:
        return (
            f"{person.display_name} is a {held[0].in_a_sentence}. Circles have no managers in "
            "them, so that people can speak freely."
        )
    members = circle.members.exclude(pk=person.pk)
    current = Q(end_date__isnull=True)
    managed = TeamMembership.objects.filter(
        current,
        role=TeamMembership.Role.PRACTITIONER,
        team__in=TeamMembership.objects.filter(
            current, user=person, role=TeamMembership.Role.MANAGER
        ).values("team_id"),
    )
    if managed.filter(user__in=members).exists():
        return (
            f"{person.display_name} manages someone in this circle. Circles have no managers in "
            "them, so that people can speak freely."
        )
    managers_of_person = TeamMembership.objects.filter(
        current,
        role=TeamMembership.Role.MANAGER,
        team__in=TeamMembership.objects.filter(
            current, user=person, role=TeamMembership.Role.PRACTITIONER
        ).values("team_id"),
    )
    if managers_of_person.filter(user__in=members).exists():
        return (
            f"{person.display_name}'s manager is in this circle. Circles have no managers in "
            "them, so that people can speak freely."
        )
    return ""


@transaction.atomic
def quality_circle_member_add(
    *, circle: QualityCircle, person, facilitator: bool = False, by
) -> QualityCircle:
    _qa_only(by)
    circle = QualityCircle.objects.select_for_update().get(pk=circle.pk)
    if not person.is_active:
        raise StaffVoiceError(f"{person.display_name} cannot sign in, so cannot join a circle.")
    problem = manager_problem(circle, person)
    if problem:
        raise StaffVoiceError(problem)
    circle.members.add(person)
    if facilitator:
        circle.facilitator = person
        circle.save(update_fields=["facilitator"])
    notification_send(
        recipients=[person],
        subject=f"You have joined the quality circle '{circle.name}'",
        body="A quality circle is a group of peers who meet to say what would make practice "
        "better. Nobody is named in what the circle writes down.",
        url=circle.get_absolute_url(),
        dedupe_key=f"staffvoice:circle:{circle.pk}:joined",
    )
    return circle


@transaction.atomic
def circle_meeting_record(
    *, circle: QualityCircle, met_on: date, themes: str, suggestions: Sequence[str], by
) -> CircleMeeting:
    """The facilitator writes down a meeting's themes and suggestions, with nobody named."""
    if not rules.has_perm("staffvoice.record_meeting", by, circle):
        raise StaffVoiceError("Only the circle's facilitator records what the circle said.")
    suggestions = [s.strip() for s in suggestions if s and s.strip()]
    if not suggestions:
        raise StaffVoiceError("Enter at least one suggestion.")
    meeting = CircleMeeting.objects.create(
        circle=circle, met_on=met_on, themes=_clean(themes, "the themes"), recorded_by=by
    )
    CircleSuggestion.objects.bulk_create(
        CircleSuggestion(meeting=meeting, text=text) for text in suggestions
    )
    return meeting


@transaction.atomic
def circle_suggestion_answer(
    *, suggestion: CircleSuggestion, answer: str, today: date, by
) -> CircleSuggestion:
    """Management says what was done: the circle's members are told and see it on its page."""
    answer = _clean(answer, "what was done")
    circle = suggestion.meeting.circle

    def tell_the_circle():
        notification_send(
            recipients=list(circle.members.all()),
            subject=f"You said, we did: an answer for '{circle.name}'",
            body=f"You said: {suggestion.text}\n\nWe did: {answer}",
            url=circle.get_absolute_url(),
            dedupe_key=f"staffvoice:suggestion:{suggestion.pk}:answered",
        )

    return workflow.perform(
        suggestion,
        "answer",
        by=by,
        fields={"answer": answer, "answered_by": by, "answered_on": today},
        after_commit=tell_the_circle,
    )


# Recognition ---------------------------------------------------------------------------------


@transaction.atomic
def recognition_record(
    *,
    person=None,
    team: Team | None = None,
    source: str,
    received_on: date,
    summary: str,
    by=None,
    source_key: str = "",
) -> Recognition | None:
    """Record thanks for a person (and so their team) or a whole team, and tell them.

    With a ``source_key`` the same thanks is recorded once per person however often it is passed.
    """
    summary = _clean(summary, "what was said")
    if person is None and team is None:
        raise StaffVoiceError("Choose the person or the team the thanks is for.")
    if person is not None and team is None:
        team = teams_of(person).order_by("name").first()
    if source_key:
        existing = Recognition.objects.filter(source_key=source_key, person=person, team=team)
        if existing.exists():
            return None
    recognition = Recognition.objects.create(
        person=person,
        team=team,
        source=source,
        received_on=received_on,
        summary=summary,
        source_key=source_key,
        recorded_by=by,
    )
    url = reverse("staffvoice:recognition")
    if person is not None:
        recipients = [person]
        subject = "Thank you: your work has been recognised"
    else:
        recipients = list(
            get_user_model().objects.filter(
                team_memberships__team=team, team_memberships__end_date__isnull=True
            )
        )
        subject = f"Thank you: {team.name} has been recognised"
    if team is not None:
        url = reverse("staffvoice:team_recognition", args=[team.pk])
        recipients += [m for m in team_managers(team) if person is None or m.pk != person.pk]
    notification_send(
        recipients=[r for r in recipients if by is None or r.pk != by.pk],
        subject=subject,
        # What was said stays on the page: a message or email never carries it.
        body=f"Thanks from {recognition.get_source_display().lower()}. Read what was said on the "
        "recognition page.",
        url=url,
        dedupe_key=f"staffvoice:recognition:{recognition.pk}",
    )
    return recognition


def staff_survey_remind(*, today: date) -> int:
    """Remind each member of a team who has not answered an open survey, once a week.

    Reads only the participation table: who has taken part, never what anyone said."""
    from qaf.notifications import NotificationMessage, notification_send_many

    week = iso_week(today)
    staff = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=TeamMembership.objects.filter(end_date__isnull=True).values("user_id"),
        )
        .values_list("pk", flat=True)
    )
    sent = 0
    for survey in StaffSurvey.objects.filter(status=StaffSurvey.Status.OPEN):
        answered = set(
            Participation.objects.filter(survey=survey).values_list("user_id", flat=True)
        )
        url = reverse("staffvoice:survey_answer", args=[survey.pk])
        sent += len(
            notification_send_many(
                messages=[
                    NotificationMessage(
                        recipient_id=pk,
                        subject=f"Have your say: {survey.title}",
                        body="It takes about five minutes, and your answers are saved without "
                        "your name.",
                        url=url,
                        dedupe_key=f"staffvoice:remind:{survey.pk}:{week}",
                    )
                    for pk in staff
                    if pk not in answered
                ]
            )
        )
    return sent
