"""Demo data for staff voice: the health check half answered, a circle at work, recognition.

Built on the demo authority of casework/demo.py and after the moderation and feedback demos, whose
compliments have already become recognition. Running it twice changes nothing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Max

from casework.models import TeamMembership
from moderation.models import PractitionerFeedback
from qaf import demo, workflow
from qaf.models import Notification

from .defaults import health_check_install
from .models import (
    AnonymousComment,
    CircleSuggestion,
    QualityCircle,
    Recognition,
    StaffQuestion,
    StaffSurvey,
)
from .services import (
    circle_meeting_record,
    circle_suggestion_answer,
    iso_week,
    quality_circle_create,
    quality_circle_member_add,
    recognition_record,
    staff_survey_answer,
)

CIRCLE_NAME = "Social workers' quality circle"
COMMENTS = [
    ("More time for direct work: less time typing the same thing into three systems.", "approved"),
    (
        "Supervision keeps getting cancelled when the team is busy, which is when I need it.",
        "approved",
    ),
    ("A quiet room in the office for difficult phone calls.", "approved"),
    ("Being thanked by name when something goes well, not only told when it doesn't.", "to_check"),
    ("Since my manager in the south team went off sick nobody has checked on me.", "withheld"),
    ("Smaller caseloads for newly qualified workers in their first year.", "to_check"),
]
MEETINGS = [
    (
        70,
        "Workload and recording: the same details are typed into several forms; visits are cut "
        "short to get back and write them up. Supervision is often moved when teams are busy.",
        [
            "One shared chronology that every form reads from, instead of retyping.",
            "Protected supervision: not moved for anything but an emergency.",
            "A short guide to what must be recorded after a visit, and what can wait.",
        ],
    ),
    (
        24,
        "Feeling valued and learning from audits: audits feel like checking rather than learning; "
        "good practice is rarely named. People want to see what changed after they spoke up.",
        [
            "Share one example of good practice from each month's audits at the team meeting.",
            "Let practitioners join the moderation panel as observers once a year.",
        ],
    ),
]
ANSWERS = [
    "From January every form takes the child's details and chronology from one place; the "
    "case-management supplier has it on the roadmap for March.",
    "Agreed by the leadership team: supervision is protected time and is only moved by the "
    "worker, or for a safeguarding emergency. Team managers report any moved session monthly.",
    "The QA team will publish a one-page recording guide with the practice standards this month.",
]
THANKS = [
    "The family said the social worker was the first person who really listened to them.",
    "The independent reviewing officer praised the team's preparation for the conference.",
    "A head teacher wrote to thank the team for working so closely with the school.",
    "The foster carer said the visits were calm, planned and always on time.",
    "The young person told their advocate they trusted their worker for the first time.",
]


@demo.register("staffvoice")
def seed(*, today: date, rng: random.Random) -> str:
    if QualityCircle.objects.filter(name=CIRCLE_NAME).exists():
        return "staff voice already there"
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["qa", "senior", "worker"])}
    if len(people) < 3:
        return "no demo authority to add staff voice to"
    first_new_message = Notification.objects.aggregate(top=Max("pk"))["top"] or 0
    answered = _health_check(today=today, rng=rng, keep_for_demo=people["worker"])
    suggestions = _circle(today=today, rng=rng, qa=people["qa"], senior=people["senior"])
    synced = _audit_recognition_dates()
    thanks = _thanks(today=today, rng=rng, qa=people["qa"])
    demo.inbox_settle(after_pk=first_new_message, now=_now())
    return (
        f"health check answered by {answered}, a circle with {suggestions} suggestions, "
        f"{thanks + synced} recognitions"
    )


def _now():
    from django.utils import timezone

    return timezone.now()


def _health_check(*, today: date, rng: random.Random, keep_for_demo) -> int:
    """Answers from most staff in two of the service areas, and a few in the third, over the
    last three weeks; the demo worker is left to answer it themselves."""
    survey = health_check_install(StaffSurvey, StaffQuestion)
    if survey.status != StaffSurvey.Status.OPEN:
        return 0
    questions = list(survey.questions.all())
    memberships = (
        TeamMembership.objects.filter(end_date__isnull=True, role=TeamMembership.Role.PRACTITIONER)
        .exclude(user=keep_for_demo)
        .select_related("user", "team__service_area")
        .order_by("team__service_area__name", "user__username")
    )
    by_area: dict[str, list] = {}
    for membership in memberships:
        by_area.setdefault(membership.team.service_area.name, []).append(membership.user)
    chosen = []
    for name, users in by_area.items():
        # One area answers less than the others: too few answers there to show its results.
        share = 0.5 if name == "Children in care and care leavers" else 1.0
        chosen += users[: max(1, round(len(users) * share))]
    managers = list(
        TeamMembership.objects.filter(end_date__isnull=True, role=TeamMembership.Role.MANAGER)
        .exclude(user=keep_for_demo)
        .select_related("user")
        .order_by("user__username")
    )
    chosen += [m.user for m in managers[:4]]
    comment_question = next((q for q in questions if not q.is_scale), None)
    comments = list(COMMENTS)
    for number, user in enumerate(dict.fromkeys(chosen)):
        mood = rng.uniform(-1.2, 1.2)
        scores = {
            q.pk: str(min(5, max(1, round(3 + mood + rng.uniform(-1.3, 1.3)))))
            for q in questions
            if q.is_scale and rng.random() > 0.05
        }
        text = {}
        if comment_question is not None and comments and number % 3 == 0:
            text = {comment_question.pk: comments.pop(0)[0]}
        staff_survey_answer(
            survey=survey,
            user=user,
            scores=scores,
            comments=text,
            today=today - timedelta(days=rng.randint(0, 20)),
        )
    qa = get_user_model().objects.filter(username="qa").first()
    wanted = dict(COMMENTS)
    for comment in AnonymousComment.objects.filter(survey=survey):
        target = wanted.get(comment.text)
        if target == "approved":
            workflow.perform(comment, "approve", by=qa)
        elif target == "withheld":
            workflow.perform(comment, "withhold", by=qa)
    return len(dict.fromkeys(chosen))


def _circle(*, today: date, rng: random.Random, qa, senior) -> int:
    circle = quality_circle_create(
        name=CIRCLE_NAME,
        level=QualityCircle.Level.SOCIAL_WORKER,
        purpose="Social workers from every team meet monthly to say what would make practice "
        "better. Managers answer each suggestion.",
        by=qa,
    )
    practitioners = list(
        get_user_model()
        .objects.filter(
            team_memberships__end_date__isnull=True,
            team_memberships__role=TeamMembership.Role.PRACTITIONER,
            job_title="Social worker",
        )
        .distinct()
        .order_by("username")
    )
    # The demo worker facilitates, so their journey shows recording a meeting.
    practitioners.sort(key=lambda person: person.username != "worker")
    members = 0
    for person in practitioners:
        if members >= 7:
            break
        try:
            quality_circle_member_add(
                circle=circle, person=person, facilitator=person.username == "worker", by=qa
            )
        except Exception:  # noqa: BLE001, S112 - a manager refused: the demo skips them
            continue
        members += 1
    circle.refresh_from_db()
    if circle.facilitator is None:
        circle.facilitator = circle.members.order_by("username").first()
        circle.save(update_fields=["facilitator"])
    count = 0
    for days_ago, themes, suggestions in MEETINGS:
        circle_meeting_record(
            circle=circle,
            met_on=today - timedelta(days=days_ago),
            themes=themes,
            suggestions=suggestions,
            by=circle.facilitator,
        )
        count += len(suggestions)
    # The older meeting's suggestions are answered; the recent one's wait for an answer.
    older = CircleSuggestion.objects.filter(meeting__circle=circle).order_by(
        "meeting__met_on", "pk"
    )[: len(ANSWERS)]
    for suggestion, answer in zip(list(older), ANSWERS, strict=False):
        circle_suggestion_answer(
            suggestion=suggestion,
            answer=answer,
            today=suggestion.meeting.met_on + timedelta(days=rng.randint(10, 25)),
            by=senior,
        )
    return count


def _audit_recognition_dates() -> int:
    """Thanks from audits is dated when the feedback was given (the audit demo dates it later)."""
    synced = 0
    for feedback in PractitionerFeedback.objects.exclude(compliments=""):
        synced += Recognition.objects.filter(
            source_key=f"moderation:feedback:{feedback.pk}"
        ).update(received_on=feedback.sent_at.date())
    return synced


def _thanks(*, today: date, rng: random.Random, qa) -> int:
    """Thanks recorded by hand over the last six months, for people and whole teams."""
    memberships = list(
        TeamMembership.objects.filter(end_date__isnull=True)
        .select_related("user", "team")
        .order_by("team__name", "user__username")
    )
    made = 0
    for months_ago in range(6):
        for turn in range(2):
            membership = rng.choice(memberships)
            whole_team = turn == 1 and months_ago % 2 == 0
            recognition_record(
                person=None if whole_team else membership.user,
                team=membership.team,
                source=rng.choice(
                    [Recognition.Source.MODERATION, Recognition.Source.COLLEAGUE]
                    if not whole_team
                    else [Recognition.Source.COLLEAGUE]
                ),
                received_on=today - timedelta(days=30 * months_ago + rng.randint(0, 25)),
                summary=rng.choice(THANKS),
                by=qa,
                source_key=f"demo:thanks:{months_ago}:{turn}",
            )
            made += 1
    return made


__all__ = ["seed", "iso_week"]
