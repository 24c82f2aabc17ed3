"""Secure links: making them, answering through them page by page, sending, expiring."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework.models import Allocation, Child, Episode, Team
from casework.selectors import current_allocation, team_managers
from qaf import workflow
from qaf.notifications import notification_send

from ..audiences import age_on, audiences_for_age, mismatch_message, survey_fits
from ..errors import FeedbackError
from ..models import Answer, DraftAnswer, Invitation, Question, Response, Survey
from ..tokens import new_token
from .alerts import safeguarding_check

Status = Invitation.Status

LINK_GONE = "This link has already been used or has stopped working."
FREE_TEXT_MAX = 4000
ANSWER_TOO_LONG = "Your answer is too long. Make it 4,000 characters or fewer."


def _guard_live(invitation: Invitation, action: str) -> None:
    workflow.check(invitation, action, by=None)
    if invitation.has_expired:
        raise FeedbackError("This link has expired.")


def _refuse_unless_usable(invitation: Invitation) -> None:
    """A used or stopped link says so; a live one past its date says it has expired."""
    if invitation.status not in Invitation.LIVE_STATUSES:
        raise FeedbackError(LINK_GONE)
    if invitation.has_expired:
        raise FeedbackError("This link has expired.")


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "child")
        .get(pk=invitation.pk)
    )


def _valid_days(valid_days: int | None) -> int:
    days = valid_days or settings.FEEDBACK_LINK_DAYS
    if not 1 <= days <= settings.FEEDBACK_LINK_MAX_DAYS:
        raise FeedbackError(f"A link can last from 1 to {settings.FEEDBACK_LINK_MAX_DAYS} days.")
    return days


def _child_team(child: Child, allocation: Allocation | None) -> tuple[Team | None, Episode | None]:
    episode = (
        Episode.objects.filter(child=child, kind__in=Episode.CASE_KINDS)
        .order_by("end_date", "-start_date")  # open episodes (no end date) first
        .select_related("team")
        .first()
    )
    team = (allocation.team if allocation else None) or (episode.team if episode else None)
    return team, episode


@transaction.atomic
def invitation_create(
    *, survey: Survey, child: Child, created_by, valid_days: int | None = None
) -> tuple[Invitation, str]:
    """Make a link to ``survey`` for a child allocated to ``created_by``; returns the token,
    which is shown once and never stored."""
    if not Survey.objects.filter(pk=survey.pk, status=Survey.Status.PUBLISHED).exists():
        raise FeedbackError("This survey is not in use. Choose another one.")
    today = timezone.localdate()
    if not survey_fits(survey, child, today):
        raise FeedbackError(mismatch_message(survey, child, today))
    allocation = current_allocation(child)
    if allocation is None or allocation.worker_id != created_by.pk:
        raise FeedbackError("You can only ask for feedback from children allocated to you.")
    days = _valid_days(valid_days)
    team, episode = _child_team(child, allocation)
    token, hashed = new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        survey=survey,
        child=child,
        team=team,
        episode=episode,
        assigned_to=created_by,
        created_by=created_by,
        source=Invitation.Source.PRACTITIONER,
        status=Status.OPEN,
        token_hash=hashed,
        sent_at=now,
        expires_at=now + timedelta(days=days),
    )
    return invitation, token


@transaction.atomic
def invitation_link_make(*, invitation: Invitation, by, valid_days: int | None = None) -> str:
    """Make the link for a waiting invitation, or a new one for a lost link.

    The old link stops working at once, and any answers saved but not sent are cleared: a
    new link starts empty, so whoever holds it can never read what the child wrote before.
    """
    invitation = _locked(invitation)
    workflow.check(invitation, "make_link", by=by)
    token, hashed = new_token()
    now = timezone.now()
    invitation = workflow.perform(
        invitation,
        "make_link",
        by=by,
        reason="New link made" if invitation.token_hash else "Link made",
        fields={
            "token_hash": hashed,
            "sent_at": invitation.sent_at or now,
            "expires_at": now + timedelta(days=_valid_days(valid_days)),
            "started_at": None,
            "completed_with": "",
        },
    )
    invitation.draft_answers.all().delete()
    return token


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> Invitation:
    invitation = workflow.perform(invitation, "cancel", by=by)
    invitation.draft_answers.all().delete()
    return invitation


@transaction.atomic
def survey_start(*, invitation: Invitation, completed_with: str = "") -> Invitation:
    """The child or family starts (or comes back to) the form."""
    invitation = _locked(invitation)
    _refuse_unless_usable(invitation)
    if completed_with and completed_with not in Invitation.CompletedWith.values:
        raise FeedbackError("Choose who is filling this in.")
    fields = {"completed_with": completed_with} if completed_with else {}
    if workflow.allows(invitation, "start"):
        fields["started_at"] = timezone.now()
        return workflow.perform(invitation, "start", fields=fields)
    if fields:
        invitation.completed_with = completed_with
        invitation.save(update_fields=list(fields))
    return invitation


def answer_save(
    *,
    invitation: Invitation,
    question: Question,
    choice: str = "",
    text: str = "",
    skipped: bool = False,
) -> DraftAnswer:
    """Save one page's answer at once, and raise a safeguarding alert if it needs one.

    This runs on every page a child sends, so it costs two writes: one guarded update that
    locks the link only while it is live (and marks it started), and one upsert of the answer.
    ``invitation`` and ``question`` are the ones the page has already read.
    """
    if question.survey_id != invitation.survey_id:
        raise FeedbackError("That question is not on this form.")
    choice, text = (choice or "").strip(), (text or "").strip()
    if not skipped and len(text) > FREE_TEXT_MAX:
        raise FeedbackError(ANSWER_TOO_LONG)
    if skipped:
        choice, text = "", ""
    elif question.kind == Question.Kind.FREE_TEXT:
        choice = ""
    else:
        text = ""
        if choice and choice not in {option.value for option in question.answer_options()}:
            raise FeedbackError("Choose one of the answers, or skip this question.")
    draft = DraftAnswer(
        invitation=invitation,
        question=question,
        choice=choice,
        text=text,
        skipped=skipped or not (choice or text),
    )
    now = timezone.now()
    # One transaction, and no savepoint: nothing in it raises a FeedbackError, so a refusal
    # never leaves a surrounding transaction broken. A first answer from someone who skipped
    # the start page takes the machine's "start" move here by a guarded update rather than
    # ``workflow.perform``: this runs on every page a child sends, and must stay two writes
    # (tests/feedback/test_survey_speed.py), so that move alone writes no history row.
    with transaction.atomic(savepoint=False):
        live = Invitation.objects.filter(
            pk=invitation.pk,
            status__in=Invitation.LIVE_STATUSES,
            expires_at__gt=now,
        ).update(status=Status.STARTED, started_at=Coalesce("started_at", Value(now)))
        if live:
            DraftAnswer.objects.bulk_create(
                [draft],
                update_conflicts=True,
                unique_fields=["invitation", "question"],
                update_fields=["choice", "text", "skipped", "saved_at"],
            )
            if invitation.status == Status.OPEN:
                invitation.status, invitation.started_at = Status.STARTED, now
            if not draft.skipped:
                safeguarding_check(
                    invitation=invitation, question=question, choice=choice, text=text
                )
    if not live:
        invitation.refresh_from_db(fields=["status", "expires_at"])
        _refuse_unless_usable(invitation)
        raise FeedbackError(LINK_GONE)
    return draft


@transaction.atomic
def invitation_submit(*, invitation: Invitation, anonymous: bool) -> Response:
    """Send the answers: the link is used up, and the answers become a response.

    An anonymous response is written with no link, child, social worker or exact time.
    """
    invitation = _locked(invitation)
    _guard_live(invitation, "submit")
    now = timezone.now()
    today = timezone.localdate(now)
    identity = {}
    if not anonymous:
        allocation = current_allocation(invitation.child)
        identity = {
            "invitation": invitation,
            "child": invitation.child,
            "practitioner": allocation.worker if allocation else None,
            "completed_with": invitation.completed_with,
            "submitted_at": now,
        }
    response = Response.objects.create(
        survey=invitation.survey,
        team=invitation.team,
        month=today.replace(day=1),
        is_anonymous=anonymous,
        **identity,
    )
    drafts = invitation.draft_answers.select_related("question").exclude(skipped=True)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=draft.question,
            choice=draft.choice,
            text=draft.text,
            sentiment=draft.question.sentiment_for(draft.choice),
        )
        for draft in drafts
    )
    invitation.draft_answers.all().delete()
    # Anonymous answers: the link (and its history row) records the day it was used, not the
    # time, so the two cannot be lined up by the clock.
    submitted_at = timezone.make_aware(datetime.combine(today, time.min)) if anonymous else now
    if anonymous:
        invitation._history_date = submitted_at
    workflow.perform(invitation, "submit", fields={"submitted_at": submitted_at})
    return response


@transaction.atomic
def invitations_expire(*, now: datetime | None = None) -> int:
    """Mark links past their date as expired and drop their unsent answers. Safe to rerun."""
    now = now or timezone.now()
    stale = list(
        Invitation.objects.select_for_update()
        .filter(
            status__in=workflow.machine_for(Invitation).action("expire").sources,
            expires_at__lte=now,
        )
        .only("pk", "status")
    )
    DraftAnswer.objects.filter(invitation__in=stale).delete()
    for invitation in stale:
        workflow.perform(invitation, "expire")
    return len(stale)


def closure_audiences(child: Child, on: date) -> list[str]:
    """Who is asked when a case closes, by the child's age on the day it closed. With no date
    of birth the family is asked: nobody is there to choose a child's form by hand."""
    age = age_on(child, on)
    if age is None:
        return [Survey.Audience.PARENT_CARER]
    return audiences_for_age(age)


@transaction.atomic
def closure_invitations_create(*, since: date, until: date) -> int:
    """Closure surveys for cases that closed between ``since`` and ``until``.

    One invitation per closed episode and audience (a unique key), waiting for the last social
    worker to make the link and give it to the family. Running it again creates nothing new.
    """
    surveys = {
        survey.audience: survey
        for survey in Survey.objects.filter(
            status=Survey.Status.PUBLISHED,
            kind=Survey.Kind.EXPERIENCE,
            journey_point=Survey.JourneyPoint.CLOSURE,
        )
    }
    if not surveys:
        return 0
    still_open = Episode.objects.filter(
        child=OuterRef("child"), end_date__isnull=True, kind__in=Episode.CASE_KINDS
    )
    closed = (
        Episode.objects.filter(kind__in=Episode.CASE_KINDS, end_date__range=(since, until))
        .exclude(Exists(still_open))
        .select_related("child", "team")
        .order_by("child_id", "-end_date", "-pk")
    )
    # A child whose episodes closed together gets one set of surveys: for the last to close.
    latest: dict[int, Episode] = {}
    for episode in closed:
        latest.setdefault(episode.child_id, episode)
    workers = {}
    for allocation in Allocation.objects.filter(child_id__in=latest).order_by(
        "child_id", "-start_date"
    ):
        workers.setdefault(allocation.child_id, allocation.worker_id)

    now = timezone.now()
    expires_at = now + timedelta(days=settings.FEEDBACK_CLOSURE_PENDING_DAYS)
    created = 0
    told: dict[int, int] = {}
    for child_id, episode in latest.items():
        assigned_id = workers.get(child_id)
        if assigned_id is None and episode.team is not None:
            assigned_id = team_managers(episode.team).values_list("pk", flat=True).first()
        for audience in closure_audiences(episode.child, episode.end_date):
            survey = surveys.get(audience)
            if survey is None:
                continue
            _, was_created = Invitation.objects.get_or_create(
                dedupe_key=f"closure:{episode.pk}:{audience}",
                defaults={
                    "survey": survey,
                    "child": episode.child,
                    "team": episode.team,
                    "episode": episode,
                    "assigned_to_id": assigned_id,
                    "source": Invitation.Source.CLOSURE,
                    "status": Status.PENDING,
                    "expires_at": expires_at,
                },
            )
            if was_created:
                created += 1
                if assigned_id is not None:
                    told[assigned_id] = told.get(assigned_id, 0) + 1

    for user in get_user_model().objects.filter(pk__in=told):
        notification_send(
            recipients=[user],
            subject="Closure surveys are ready to send",
            body=f"{told[user.pk]} closure survey link(s) are waiting for you to make and "
            "give to the child or family.",
            url=reverse("feedback:invitation_list"),
            dedupe_key=f"closure-surveys:{until.isoformat()}:{user.pk}",
        )
    return created
