"""Voice KPIs on hand-counted responses, links, alerts and the register, September 2026.

An alert raised on Friday 28 August was due to be checked by Tuesday 1 September: Monday 31
August was a bank holiday."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from feedback.models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    Question,
    Response,
    SafeguardingAlert,
    Survey,
    VoiceTheme,
)
from qaf.workdays import one_working_day_after

from .kpi_world import (  # noqa: F401 - the fixture is used by name
    assert_drill_down_matches,
    child,
    figures,
    kpi_world_fixture,
)

pytestmark = pytest.mark.django_db
SEPTEMBER, AUGUST = date(2026, 9, 1), date(2026, 8, 1)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def survey():
    return Survey.objects.filter(key__isnull=False, questions__theme=VoiceTheme.PLAN).first()


def respond(survey, team, month, answers: dict, *, anonymous=False):
    response = Response.objects.create(
        survey=survey,
        team=team,
        month=month,
        is_anonymous=anonymous,
        child=None if anonymous else child(),
    )
    for theme, sentiment in answers.items():
        question = (
            survey.questions.filter(theme=theme).first()
            or Question.objects.filter(theme=theme).first()
        )
        Answer.objects.create(response=response, question=question, choice="x", sentiment=sentiment)
    return response


def test_responses_and_what_they_say(kpi_world, survey):
    w = kpi_world
    respond(
        survey,
        w.a1,
        SEPTEMBER,
        {
            VoiceTheme.PLAN: "positive",
            VoiceTheme.LISTENED: "positive",
            VoiceTheme.PLAN_HELPS: "neutral",
            VoiceTheme.EXPLAINED: "positive",
        },
    )
    respond(survey, w.a1, SEPTEMBER, {VoiceTheme.PLAN: "negative", VoiceTheme.CONTACT: "negative"})
    respond(survey, w.b1, SEPTEMBER, {VoiceTheme.PLAN: "positive"}, anonymous=True)
    respond(survey, w.a1, AUGUST, {VoiceTheme.PLAN: "positive"})

    responses = figures("voice.responses", SEPTEMBER)
    assert responses["service"].numerator == 3
    assert responses[f"team:{w.a1.pk}"].numerator == 2
    plan = figures("voice.plan_copy", SEPTEMBER)
    assert (plan["service"].numerator, plan["service"].denominator) == (2, 3)
    assert plan["service"].value == Decimal("66.7")
    assert figures("voice.listened", SEPTEMBER)["service"].value == Decimal("100.0")
    assert figures("voice.easy_contact", SEPTEMBER)["service"].value == Decimal("0.0")
    assert figures("voice.told_why", SEPTEMBER)["service"].value == Decimal("100.0")
    helped = figures("voice.helped_make_plan", SEPTEMBER)["service"]
    assert (helped.numerator, helped.denominator) == (0, 1)  # "OK" is not a yes
    assert figures("voice.told_why", AUGUST)["service"].value is None  # nobody was asked
    for code in (
        "voice.responses",
        "voice.plan_copy",
        "voice.easy_contact",
        "voice.listened",
        "voice.told_why",
        "voice.helped_make_plan",
    ):
        assert_drill_down_matches(code, SEPTEMBER, w, figures(code, SEPTEMBER))


def test_response_rate_counts_links_by_the_local_day_they_were_made(kpi_world, survey):
    w = kpi_world

    def link(sent, submitted=None):
        return Invitation.objects.create(
            survey=survey,
            child=child(),
            team=w.a2,
            status=Invitation.Status.SUBMITTED if submitted else Invitation.Status.OPEN,
            expires_at=sent + timezone.timedelta(days=28),
            sent_at=sent,
            submitted_at=submitted,
        )

    link(local(date(2026, 9, 2), 10), local(date(2026, 9, 3), 18))
    link(local(date(2026, 9, 30), 23, 30))
    link(local(date(2026, 8, 31), 23, 30), local(date(2026, 9, 1), 9))  # made in August

    found = figures("voice.response_rate", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (1, 2)
    assert (figures("voice.response_rate", AUGUST)["service"].numerator) == 1
    assert_drill_down_matches("voice.response_rate", SEPTEMBER, w, found)


def test_safeguarding_alerts_checked_within_a_working_day(kpi_world):
    w = kpi_world

    def alert(raised, acknowledged=None):
        return SafeguardingAlert.objects.create(
            child=child(),
            team=w.b1,
            question_text="Do you feel safe where you live?",
            answer_text="No",
            reason=SafeguardingAlert.Reason.ANSWER,
            status="acknowledged" if acknowledged else "open",
            raised_at=raised,
            escalate_after=one_working_day_after(raised),
            acknowledged_at=acknowledged,
        )

    alert(local(date(2026, 8, 28), 16), local(date(2026, 9, 1), 10))  # over the bank holiday
    alert(local(date(2026, 9, 4), 10), local(date(2026, 9, 7), 9))
    alert(local(date(2026, 9, 10), 10), local(date(2026, 9, 11), 11))
    alert(local(date(2026, 9, 29), 10))

    assert figures("voice.alerts_acknowledged_in_time", AUGUST)["service"].value == Decimal("100.0")
    found = figures("voice.alerts_acknowledged_in_time", SEPTEMBER)
    assert (found["service"].numerator, found["service"].denominator) == (1, 3)
    assert_drill_down_matches("voice.alerts_acknowledged_in_time", SEPTEMBER, w, found)


def test_complaints_and_compliments_by_the_day_received(kpi_world):
    w = kpi_world
    for kind, received in (
        ("complaint", date(2026, 9, 1)),
        ("complaint", date(2026, 9, 30)),
        ("complaint", date(2026, 8, 31)),
        ("compliment", date(2026, 9, 15)),
    ):
        ComplaintOrCompliment.objects.create(
            kind=kind,
            received_on=received,
            team=w.a1,
            category="communication",
            summary="-",
            stage=ComplaintOrCompliment.Stage.values[0] if kind == "complaint" else "",
        )
    complaints = figures("voice.complaints", SEPTEMBER)
    assert complaints["service"].numerator == 2
    assert complaints[f"area:{w.north.pk}"].numerator == 2
    compliments = figures("voice.compliments", SEPTEMBER)
    assert compliments["service"].numerator == 1
    assert_drill_down_matches("voice.complaints", SEPTEMBER, w, complaints)
    assert_drill_down_matches("voice.compliments", SEPTEMBER, w, compliments)
