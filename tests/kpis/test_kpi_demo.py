"""The demo's KPI history: two years, a summer dip with its note, red, amber and green."""

from collections import Counter
from datetime import date

import pytest

from kpis import selectors
from kpis.models import KpiSnapshot
from kpis.periods import last_full_month, months_back
from kpis.scopes import Scope
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(DEMO_DAY)


def test_the_demo_dashboard_has_two_years_of_history_a_summer_dip_and_every_rag():
    load_demo()
    period = last_full_month()
    tiles = selectors.dashboard(Scope.service(), period, months=24)
    assert Counter(tile.rag for tile in tiles).keys() >= {"red", "amber", "green"}
    sampled = next(tile for tile in tiles if tile.kpi.code == "audit.sampled")
    assert all(point.value is not None for point in sampled.series)
    august = next(p for p in sampled.series if p.period == date(2026, 8, 1))
    july = next(p for p in sampled.series if p.period == date(2026, 7, 1))
    assert august.value < july.value
    notes = selectors.notes_for(period, since=months_back(period, 23))
    assert "summer leave" in selectors.note_for(notes, date(2026, 8, 1), "audit.sampled")
    assert "summer leave" in selectors.note_for(notes, date(2025, 8, 1), "audit.sampled")
    team_rows = KpiSnapshot.objects.filter(period=period, scope_kind="team").count()
    assert team_rows > 0


def test_seeding_the_demo_twice_changes_no_kpi_rows():
    from io import StringIO

    from django.core.management import call_command

    load_demo()
    before = KpiSnapshot.objects.count()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert KpiSnapshot.objects.count() == before


def test_last_month_s_agreed_audits_were_completed_on_time_in_the_demo():
    load_demo()
    on_time = KpiSnapshot.objects.get(
        code="audit.completed_on_time", period=last_full_month(), scope_kind="service"
    )
    assert on_time.members_held
    assert on_time.value is not None and on_time.value > 0


def test_a_demo_month_from_before_its_records_says_the_list_is_not_held(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    load_demo()
    client.force_login(get_user_model().objects.get(username="director"))
    url = reverse("kpis:kpi_children", args=["audit.sampled"])

    early = client.get(url, {"period": "2025-03"}).content.decode()
    recent = client.get(url, {"period": "2026-09"}).content.decode()

    assert "not held for that month" in early
    assert "not held for that month" not in recent
    assert "records counted in September 2026" in recent


def test_the_demo_s_conversations_answer_the_measures_questions_month_by_month(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from audits.models import Conversation, ConversationAnswer, ConversationQuestion

    load_demo()
    questions = ConversationQuestion.objects.all()
    per_measure = Counter(questions.values_list("measure__code", flat=True))
    assert len(per_measure) >= 3 and all(2 <= n <= 3 for n in per_measure.values())
    # Every conversation with a child is answered for each question for the child; the social
    # worker is asked none of them.
    child_questions = sum(Conversation.Person.CHILD in q.people for q in questions)
    for conversation in Conversation.objects.filter(person=Conversation.Person.CHILD):
        assert conversation.answers.count() == child_questions
    assert not ConversationAnswer.objects.filter(
        conversation__person=Conversation.Person.SOCIAL_WORKER
    ).exists()
    assert len(set(ConversationAnswer.objects.values_list("answer", flat=True))) == 4

    client.force_login(get_user_model().objects.get(username="director"))
    response = client.get(reverse("kpis:measure_detail", args=["voice_explained"]))
    source = next(s for s in response.context["sources"] if s.kind == "conversation question")
    months_with_figures = [point for point in source.series if point.value is not None]
    assert len(months_with_figures) >= 2
