"""Demo data for the voice work: six months of answers across the teams, alerts, the registers.

Built on the demo authority of casework/demo.py. Running it twice changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from casework.models import Allocation, Episode, Team
from qaf import audit_themes, demo

from .audiences import age_on, audiences_for_age, survey_fits
from .models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    ParticipationGroup,
    ParticipationRecommendation,
    Response,
    SafeguardingAlert,
    Survey,
)
from .selectors.monitoring import add_months
from .services import (
    answer_save,
    complaint_close,
    complaint_escalate,
    complaint_record,
    complaint_respond,
    compliment_pass_on,
    invitation_create,
    participation_recommendation_add,
    participation_recommendation_answer,
    participation_session_record,
    safeguarding_alert_acknowledge,
    survey_defaults_install,
    survey_start,
    you_said_we_did_record,
)
from .services.invitations import closure_audiences
from .tokens import new_token

DEMO_KEY = "demo:"
MONTHS = 6
COMMENTS = [
    "My social worker always explains things so I understand.",
    "I wish I saw my social worker more often.",
    "It took a long time to get a call back.",
    "She listened to me and helped me stay at my school.",
    "I didn't know what my plan said until the meeting.",
    "Too many different social workers this year.",
    "Thank you for helping our family.",
    "The meetings are too long and there are too many people.",
    "He came to my football match, that was nice.",
    "I want to be asked before things are decided.",
    "Easier to text than to phone.",
    "Nobody told me why the social worker was coming.",
]
YOU_SAID = [
    (
        "contact",
        "It is hard to get hold of my social worker.",
        "Every team now has a duty worker who answers calls and texts each afternoon.",
    ),
    (
        "plan",
        "I didn't get a copy of my plan.",
        "Plans are now given to children and families within five working days of a meeting, "
        "in a version written for them.",
    ),
    (
        "listened",
        "Meetings have too many people and I don't get to speak.",
        "Children can now meet the chair on their own before a review, and choose who comes.",
    ),
    (
        "explained",
        "Nobody told me why a social worker was coming.",
        "First visits now start with a short, plain-words leaflet about why we are involved.",
    ),
    (
        "difference",
        "Too many changes of social worker.",
        "Cases now stay with one worker when a child moves between assessment and support "
        "teams wherever we can.",
    ),
]


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _audience_for(child, on: date) -> str:
    """The child's own form on that day (the parent and carer form for the under-fives)."""
    age = age_on(child, on)
    return Survey.Audience.PARENT_CARER if age is None else audiences_for_age(age)[0]


def _survey_key(prefix: str, audience: str) -> str:
    return f"{prefix}-{audience.replace('_', '-')}"


@demo.register("feedback")
def seed(*, today: date, rng: random.Random) -> str:
    if Invitation.objects.filter(dedupe_key__startswith=DEMO_KEY).exists():
        return "voice data already there"
    User = get_user_model()
    survey_defaults_install()
    people = {u.username: u for u in User.objects.filter(username__in=["qa", "manager", "worker"])}
    if len(people) < 3:
        return "no demo authority to add voice data to"

    responses = _answered_surveys(today=today, rng=rng)
    alerts = _alerts(today=today, people=people)
    links = _links_for_the_demo_worker(today=today, people=people)
    register = _register(today=today, rng=rng, qa=people["qa"])
    you_said = _you_said_we_did(today=today, rng=rng, qa=people["qa"])
    sessions = _participation(today=today, rng=rng)
    return (
        f"{responses} responses over {MONTHS} months, {alerts} safeguarding alerts, "
        f"{links} open links for the demo worker, {register} complaints and compliments, "
        f"{you_said} 'You said, we did', {sessions} participation sessions"
    )


def _answered_surveys(*, today: date, rng: random.Random) -> int:
    surveys = {
        survey.audience: survey
        for survey in Survey.objects.filter(
            status=Survey.Status.PUBLISHED,
            kind=Survey.Kind.EXPERIENCE,
            journey_point=Survey.JourneyPoint.DURING,
        ).prefetch_related("questions")
    }
    allocations: dict[int, list[Allocation]] = {}
    for allocation in Allocation.objects.filter(end_date__isnull=True).select_related(
        "child", "team"
    ):
        allocations.setdefault(allocation.team_id, []).append(allocation)
    teams = list(Team.objects.filter(pk__in=allocations))
    # Each team has its own level, and most get a little better month by month.
    quality = {team.pk: rng.uniform(0.45, 0.8) for team in teams}

    this_month = today.replace(day=1)
    invitations, responses, answers = [], [], []
    for back in range(MONTHS - 1, -1, -1):
        month = add_months(this_month, -back)
        last_day = today if back == 0 else add_months(month, 1) - timedelta(days=1)
        for team in teams:
            level = min(0.95, quality[team.pk] + 0.03 * (MONTHS - back))
            for n in range(rng.randint(3, 9)):
                allocation = rng.choice(allocations[team.pk])
                sent = _aware(month + timedelta(days=rng.randint(0, (last_day - month).days)), 10)
                sent = min(sent, timezone.now())  # today's, if not yet ten o'clock, went now
                survey = surveys[_audience_for(allocation.child, sent.date())]
                answered = rng.random() < 0.72
                anonymous = rng.random() < 0.3
                invitation = Invitation(
                    survey=survey,
                    child=allocation.child,
                    team=team,
                    assigned_to=allocation.worker,
                    created_by=allocation.worker,
                    status=Invitation.Status.SUBMITTED if answered else Invitation.Status.EXPIRED,
                    token_hash=new_token()[1],
                    sent_at=sent,
                    started_at=sent if answered else None,
                    submitted_at=min(sent + timedelta(hours=rng.randint(1, 72)), timezone.now())
                    if answered
                    else None,
                    expires_at=sent + timedelta(days=28),
                    dedupe_key=f"{DEMO_KEY}{month:%Y-%m}:{team.pk}:{n}",
                )
                invitations.append(invitation)
                if not answered:
                    continue
                response = Response(
                    survey=survey,
                    team=team,
                    month=month,
                    is_anonymous=anonymous,
                    **(
                        {}
                        if anonymous
                        else {
                            "invitation": invitation,
                            "child": allocation.child,
                            "practitioner": allocation.worker,
                            "submitted_at": invitation.submitted_at,
                            "completed_with": rng.choice(Invitation.CompletedWith.values),
                        }
                    ),
                )
                responses.append(response)
                for question in survey.questions.all():
                    answer = _demo_answer(question, level, rng)
                    if answer is not None:
                        choice, text = answer
                        answers.append(
                            Answer(
                                response=response,
                                question=question,
                                choice=choice,
                                text=text,
                                sentiment=question.sentiment_for(choice),
                            )
                        )
    Invitation.objects.bulk_create(invitations)
    for response in responses:
        if response.invitation is not None:
            response.invitation_id = response.invitation.pk
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    return len(responses)


def _demo_answer(question, level: float, rng: random.Random) -> tuple[str, str] | None:
    if rng.random() < 0.08:
        return None  # skipped
    if question.kind == "free_text":
        return ("", rng.choice(COMMENTS)) if rng.random() < 0.35 else None
    if question.theme == "safe":
        safe = "no" if "yes" in question.alert_answers else "yes"
        return safe, ""
    if question.kind == "choice":
        return rng.choice(question.options), ""
    roll = rng.random()
    if question.kind == "scale":
        if roll < level:
            return rng.choice(["4", "5", "5"]), ""
        return (rng.choice(["3", "3", "2"]) if roll < level + 0.15 else rng.choice(["1", "2"])), ""
    if roll < level:
        return "yes", ""
    return ("not_sure" if roll < level + 0.1 else "no"), ""


def _child_of_the_demo_worker(worker, *, fits: Survey, today: date, skip=()):
    """The demo worker's first child (by case number) whose age fits the survey."""
    allocations = (
        Allocation.objects.filter(worker=worker, end_date__isnull=True)
        .exclude(child_id__in=skip)
        .select_related("child")
        .order_by("child__child_id")
    )
    return next((a for a in allocations if survey_fits(fits, a.child, today)), None)


def _alerts(*, today: date, people: dict) -> int:
    """One answer waiting for the demo manager to check, and one checked last month."""
    worker, manager = people["worker"], people["manager"]
    survey = Survey.objects.get(key="experience-during-young-person", status="published")
    first = _child_of_the_demo_worker(worker, fits=survey, today=today)
    if first is None:
        return 0
    second = _child_of_the_demo_worker(worker, fits=survey, today=today, skip=[first.child_id])
    if second is None:
        return 0

    waiting, _ = invitation_create(survey=survey, child=first.child, created_by=worker)
    survey_start(invitation=waiting, completed_with=Invitation.CompletedWith.ALONE)
    answer_save(invitation=waiting, question=survey.questions.get(theme="safe"), choice="not_sure")

    checked, _ = invitation_create(survey=survey, child=second.child, created_by=worker)
    survey_start(invitation=checked)
    answer_save(
        invitation=checked,
        question=survey.questions.get(theme="improve"),
        text="Sometimes I am scared to go home when my mum's boyfriend is there.",
    )
    alert = SafeguardingAlert.objects.get(invitation=checked)
    safeguarding_alert_acknowledge(
        alert=alert,
        by=manager,
        action_taken="Sam visited the young person at school the same afternoon and saw them "
        "alone. Strategy discussion held next day; safety plan agreed with mum.",
    )
    earlier = timedelta(days=24)
    SafeguardingAlert.objects.filter(pk=alert.pk).update(
        raised_at=F("raised_at") - earlier,
        escalate_after=F("escalate_after") - earlier,
        acknowledged_at=F("raised_at") - earlier + timedelta(hours=3),
    )
    Invitation.objects.filter(pk=checked.pk).update(
        dedupe_key=f"{DEMO_KEY}alert-checked", status=Invitation.Status.EXPIRED
    )
    Invitation.objects.filter(pk=waiting.pk).update(dedupe_key=f"{DEMO_KEY}alert-waiting")
    return 2


def _links_for_the_demo_worker(*, today: date, people: dict) -> int:
    worker = people["worker"]
    made = 0
    taken = set(
        SafeguardingAlert.objects.filter(invitation__assigned_to=worker).values_list(
            "child_id", flat=True
        )
    )
    surveys = {
        s.key: s for s in Survey.objects.filter(status=Survey.Status.PUBLISHED).only("pk", "key")
    }
    for key in ("case-review-child", "experience-during-parent-carer"):
        allocation = _child_of_the_demo_worker(worker, fits=surveys[key], today=today, skip=taken)
        if allocation is None:
            break
        taken.add(allocation.child_id)
        invitation, _ = invitation_create(
            survey=surveys[key], child=allocation.child, created_by=worker, valid_days=14
        )
        Invitation.objects.filter(pk=invitation.pk).update(dedupe_key=f"{DEMO_KEY}open:{key}")
        made += 1
    # A case of theirs that closed: the closure survey waits for them to make its link.
    closed = (
        Episode.objects.filter(
            end_date__isnull=False,
            kind__in=Episode.CASE_KINDS,
            child__allocations__worker=worker,
        )
        .select_related("child", "team")
        .order_by("-end_date")
        .first()
    )
    if closed is not None:
        audience = closure_audiences(closed.child, closed.end_date)[0]
        Invitation.objects.create(
            survey=surveys[_survey_key("experience-closure", audience)],
            child=closed.child,
            team=closed.team,
            episode=closed,
            assigned_to=worker,
            source=Invitation.Source.CLOSURE,
            status=Invitation.Status.PENDING,
            expires_at=timezone.now() + timedelta(days=21),
            dedupe_key=f"{DEMO_KEY}closure",
        )
        made += 1
    return made


def _register(*, today: date, rng: random.Random, qa) -> int:
    Item = ComplaintOrCompliment
    teams = list(Team.objects.all())
    staff = list(get_user_model().objects.filter(job_title="Social worker")[:12])
    complaints = [
        (
            "communication",
            "parent_carer",
            "Calls to the social worker were not returned for two weeks.",
        ),
        ("delay", "parent_carer", "The assessment took longer than we were told."),
        (
            "decision",
            "parent_carer",
            "Disagrees with the decision to hold a child protection conference.",
        ),
        ("staff", "child", "Felt the social worker did not listen at the review."),
        ("access", "professional", "School could not get a referral accepted."),
        ("communication", "child", "Was not told the social worker was changing."),
        ("quality", "parent_carer", "The plan was not shared before the meeting."),
        ("delay", "other", "Grandparent waited a month for a response about contact."),
    ]
    compliments = [
        ("staff", "parent_carer", "Thank you for standing by our family through a hard year."),
        (
            "quality",
            "child",
            "The young person says the new plan is the first one that made sense.",
        ),
        ("staff", "professional", "Headteacher praised joint working and quick responses."),
        ("communication", "parent_carer", "Always explained what would happen next."),
        ("staff", "child", "Said their social worker was 'the best one I've had'."),
    ]
    count = 0
    for n, (category, source, summary) in enumerate(complaints):
        received = today - timedelta(days=20 + n * 40 + rng.randint(0, 15))
        item = complaint_record(
            kind=Item.Kind.COMPLAINT,
            received_on=received,
            team=rng.choice(teams),
            category=category,
            received_from=source,
            summary=summary,
            by=qa,
        )
        count += 1
        if n == 0:
            continue  # still waiting for a response
        sent = min(today, received + timedelta(days=rng.choice([8, 12, 16, 25])))
        complaint_respond(item=item, sent_on=sent, outcome=rng.choice(Item.Outcome.values[:3]))
        if n in (2, 5):
            complaint_escalate(item=item, requested_on=min(today, sent + timedelta(days=10)))
            if n == 5:
                complaint_respond(
                    item=item, sent_on=min(today, sent + timedelta(days=40)), outcome="not_upheld"
                )
                complaint_close(item=item, learning="Share changes of worker in writing.")
            continue
        if n % 2:
            complaint_close(
                item=item,
                learning=rng.choice(
                    [
                        "Return calls within one working day; duty cover when on leave.",
                        "Share the plan before every meeting.",
                        "Explain timescales in the first letter.",
                    ]
                ),
            )
    for n, (category, source, summary) in enumerate(compliments):
        item = complaint_record(
            kind=Item.Kind.COMPLIMENT,
            received_on=today - timedelta(days=10 + n * 55),
            team=rng.choice(teams),
            category=category,
            received_from=source,
            summary=summary,
            named_staff=rng.sample(staff, k=min(len(staff), 1)),
            by=qa,
        )
        count += 1
        if n:
            compliment_pass_on(item=item)
    return count


def _you_said_we_did(*, today: date, rng: random.Random, qa) -> int:
    teams = list(Team.objects.all())
    this_month = today.replace(day=1)
    for n, (theme, you_said, we_did) in enumerate(YOU_SAID):
        you_said_we_did_record(
            team=None if n % 2 == 0 else rng.choice(teams),
            month=add_months(this_month, -n),
            theme=theme,
            you_said=you_said,
            we_did=we_did,
            is_public=n != 3,
            by=qa,
        )
    return len(YOU_SAID)


GROUP_DESCRIPTIONS = {
    "Children in Care Council": "Children and young people in our care, aged 11 to 18.",
    "Care Leavers' Forum": "Young people aged 16 to 25 who are leaving or have left care.",
    "Young Inspectors": "Young people trained to look at our services and tell us the truth.",
}

# Themes used when the demo's audits have not yet found enough of any theme to show.
FALLBACK_THEMES = {
    "The child's voice is missing from the plan": 9,
    "Changes of social worker": 6,
    "Plans use words children do not understand": 5,
}

# (views, [(recommendation, answer or "" while it waits, the manager's username)]), newest first.
SESSIONS = [
    (
        "It's hard to talk when your carer is in the room. New workers ask the same questions "
        "again and you have to tell your story all over.",
        [
            (
                "Always offer time alone, somewhere the child chooses, like a walk or a cafe.",
                "",
                "manager",
            ),
            (
                "A new social worker should read the file and write to the child before the "
                "first visit, so they do not ask the same things again.",
                "",
                "senior",
            ),
        ],
    ),
    (
        "Plans are full of words like 'escalate' and 'stepdown'. Nobody asked what I want "
        "before they wrote it.",
        [
            (
                "Start every plan with a section called 'What I want', in the child's words.",
                "You are right. From next month every plan starts with 'What I want'. The Young "
                "Inspectors will check ten plans in March and tell us if it has happened.",
                "senior",
            ),
            (
                "Give every child a one-page version of their plan they can keep.",
                "We have made a one-page plan with the Children in Care Council. Social workers "
                "will give it out at every review from January.",
                "manager",
            ),
        ],
    ),
    (
        "If you don't get the minutes you forget what was agreed. Some of us never got a copy.",
        [
            (
                "Send a short child's version of the meeting notes within a week.",
                "Team managers now check at supervision that the child's version went out "
                "within five working days. We will count it every month.",
                "manager",
            ),
        ],
    ),
    (
        "The feelings cards and the three houses help. Some workers just talk at you.",
        [
            (
                "Teach every new worker the direct-work tools in their first month.",
                "Added to induction for every new social worker from this autumn.",
                "senior",
            ),
        ],
    ),
]


def _participation(*, today: date, rng: random.Random) -> int:
    """Groups with sessions on the audits' theme counts, and recommendations answered by named
    managers, with two still waiting for an answer."""
    User = get_user_model()
    groups = list(ParticipationGroup.objects.filter(is_active=True))
    for group in groups:
        if not group.description and group.name in GROUP_DESCRIPTIONS:
            group.description = GROUP_DESCRIPTIONS[group.name]
            group.save(update_fields=["description"])
    worker = User.objects.filter(groups__name="Participation worker").first()
    managers = {u.username: u for u in User.objects.filter(username__in=["manager", "senior"])}
    counts = {t.name: t.audits for t in audit_themes.theme_counts(since=today - timedelta(365))}
    counts = dict(list(counts.items())[:4]) or FALLBACK_THEMES
    names = list(counts)
    for n, (views, recommendations) in enumerate(SESSIONS):
        held_on = today - timedelta(days=14 + 42 * n)
        shown = names[n % len(names) :][:2] or names[:2]
        session = participation_session_record(
            group=groups[n % len(groups)],
            held_on=held_on,
            attended=rng.randint(5, 14),
            themes_shown=shown,
            theme_counts=counts,
            views=views,
            by=worker,
        )
        for text, answer, username in recommendations:
            recommendation = participation_recommendation_add(
                session=session, text=text, manager=managers[username], by=worker
            )
            if answer:
                participation_recommendation_answer(
                    recommendation=recommendation, answer=answer, by=managers[username]
                )
                answered = _aware(held_on + timedelta(days=8 + rng.randint(0, 10)), 15)
                ParticipationRecommendation.objects.filter(pk=recommendation.pk).update(
                    answered_at=answered, created_at=_aware(held_on, 17)
                )
            else:
                ParticipationRecommendation.objects.filter(pk=recommendation.pk).update(
                    created_at=_aware(held_on, 17)
                )
    return len(SESSIONS)
