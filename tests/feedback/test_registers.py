"""Complaints and compliments, participation sessions and their pages."""

import datetime as dt

import pytest
from django.urls import reverse

from feedback.models import ComplaintOrCompliment, ParticipationGroup, ParticipationSession
from feedback.selectors import complaints_visible_to, register_summary
from feedback.services import (
    FeedbackError,
    complaint_close,
    complaint_escalate,
    complaint_record,
    complaint_respond,
    compliment_pass_on,
    participation_session_record,
)
from qaf.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Item = ComplaintOrCompliment


def record(world, *, kind=Item.Kind.COMPLAINT, received_on=dt.date(2026, 3, 2), team=None, **extra):
    return complaint_record(
        kind=kind,
        received_on=received_on,
        team=team or world.team_a,
        category=Item.Category.COMMUNICATION,
        received_from=Item.From.PARENT_CARER,
        summary="Calls were not returned.",
        by=world.users.qa_officer,
        **extra,
    )


def test_a_complaint_is_due_ten_working_days_after_it_arrives(world):
    # Received Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    complaint = record(world, received_on=dt.date(2026, 4, 2))
    assert complaint.stage == Item.Stage.STAGE_1
    assert complaint.response_due == dt.date(2026, 4, 20)
    assert complaint.reference == f"CMP-{complaint.pk:05d}"


def test_a_complaint_moves_through_its_stages_and_closes_with_learning(world):
    complaint = record(world)
    complaint_respond(item=complaint, sent_on=dt.date(2026, 3, 13), outcome="not_upheld")
    complaint_escalate(item=complaint, requested_on=dt.date(2026, 3, 20))
    complaint.refresh_from_db()
    assert complaint.stage == Item.Stage.STAGE_2
    assert complaint.status == Item.Status.OPEN
    assert complaint.response_due == dt.date(2026, 4, 28)  # 25 working days, Easter excluded
    complaint_respond(item=complaint, sent_on=dt.date(2026, 4, 20), outcome="partly_upheld")
    complaint_close(item=complaint, learning="Call back within one working day.")
    complaint.refresh_from_db()
    assert complaint.status == Item.Status.CLOSED
    assert complaint.history.count() >= 5  # every change kept


def test_stage_three_is_the_last(world):
    complaint = record(world)
    for _ in range(2):
        complaint_respond(item=complaint, sent_on=dt.date(2026, 3, 13), outcome="not_upheld")
        complaint_escalate(item=complaint, requested_on=dt.date(2026, 3, 20))
    complaint_respond(item=complaint, sent_on=dt.date(2026, 4, 30), outcome="not_upheld")
    with pytest.raises(FeedbackError, match="Ombudsman"):
        complaint_escalate(item=complaint, requested_on=dt.date(2026, 5, 1))


def test_a_compliment_is_passed_on_to_the_people_named_and_their_manager(world):
    named = UserFactory(username="sam")
    compliment = record(world, kind=Item.Kind.COMPLIMENT, named_staff=[named])
    assert compliment.stage == "" and compliment.response_due is None
    compliment_pass_on(item=compliment)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"sam", "team_manager"}
    assert Notification.objects.filter(subject="A compliment about your work").count() == 2
    compliment.refresh_from_db()
    assert compliment.status == Item.Status.PASSED_ON


def test_team_managers_see_only_their_teams_entries(world):
    mine = record(world, team=world.team_a)
    theirs = record(world, team=world.team_b)
    assert list(complaints_visible_to(world.users.team_manager)) == [mine]
    assert set(complaints_visible_to(world.users.senior_manager)) == {mine, theirs}
    assert set(complaints_visible_to(world.users.director)) == {mine, theirs}


def test_the_quarter_and_year_summary_counts_each_quarter(world):
    # Financial year 2026: April 2026 to March 2027.
    on_time = record(world, received_on=dt.date(2026, 4, 14))
    complaint_respond(item=on_time, sent_on=dt.date(2026, 4, 20), outcome="upheld")
    late = record(world, received_on=dt.date(2026, 5, 1))
    complaint_respond(item=late, sent_on=dt.date(2026, 6, 30), outcome="not_upheld")
    complaint_escalate(item=late, requested_on=dt.date(2026, 7, 1))
    record(world, received_on=dt.date(2027, 2, 1), team=world.team_b)
    record(world, kind=Item.Kind.COMPLIMENT, received_on=dt.date(2026, 8, 3))
    record(world, received_on=dt.date(2026, 3, 31))  # the year before
    summary = register_summary(Item.objects.all(), year=2026)
    q1, q2, q3, q4 = (figures for _, figures in summary.quarters)
    assert (q1.complaints, q1.stage_2, q1.responded, q1.responded_in_time) == (2, 1, 1, 1)
    assert q1.upheld == 1
    assert (q2.complaints, q2.compliments) == (0, 1)
    assert q3.complaints == 0
    assert q4.complaints == 1
    assert (summary.total.complaints, summary.total.compliments) == (3, 1)
    assert summary.total.percent_in_time == 100
    assert {label: c for label, c, _ in summary.by_team} == {
        "Safeguarding A": 2,
        "Safeguarding B": 1,
    }


def test_the_summary_page_shows_the_financial_year(client, world):
    record(world, received_on=dt.date(2026, 4, 14))
    client.force_login(world.users.director)
    page = client.get(reverse("feedback:complaint_summary"), {"year": "2026"}).text
    assert "April 2026 to March 2027" in page
    assert "April to June" in page


def test_qa_records_a_complaint_through_the_form(client, world):
    client.force_login(world.users.qa_officer)
    response = client.post(
        reverse("feedback:complaint_create"),
        {
            "kind": "complaint",
            "received_on_0": "2",
            "received_on_1": "3",
            "received_on_2": "2026",
            "team": world.team_a.pk,
            "category": "delay",
            "received_from": "parent_carer",
            "summary": "Waited a month.",
        },
    )
    item = Item.objects.get()
    assert response["Location"] == reverse("feedback:complaint_detail", args=[item.pk])
    assert item.received_on == dt.date(2026, 3, 2)


def test_a_participation_session_records_numbers_not_names(client, world, surveys, monkeypatch):
    from qaf import audit_themes

    monkeypatch.setattr(
        audit_themes,
        "_counter",
        [lambda since: [audit_themes.ThemeCount("Plans use jargon", 7)]],
    )
    client.force_login(world.users.participation_worker)
    group = ParticipationGroup.objects.first()
    response = client.post(
        reverse("feedback:participation_create"),
        {
            "group": group.pk,
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2026",
            "attended": "8",
            "themes_shown": ["Plans use jargon"],
            "views": "Plans should be shorter.",
            "recommendations": "Plans on one page\n\nA child's version of every plan\n",
            "manager": world.users.team_manager.pk,
        },
    )
    session = ParticipationSession.objects.get()
    assert response["Location"] == reverse("feedback:participation_detail", args=[session.pk])
    assert session.themes_shown == ["Plans use jargon"]
    assert session.theme_counts == {"Plans use jargon": 7}
    assert session.recorded_by == world.users.participation_worker
    field_names = {field.name for field in ParticipationSession._meta.get_fields()}
    assert not field_names & {"children", "attendees", "names"}
    assert [r.text for r in session.recommendation_set.all()] == [
        "Plans on one page",
        "A child's version of every plan",
    ]
    assert Notification.objects.filter(recipient=world.users.team_manager).count() == 2


def test_nobody_can_come_to_a_session_of_nobody(world, surveys):
    with pytest.raises(FeedbackError):
        participation_session_record(
            group=ParticipationGroup.objects.first(),
            held_on=dt.date(2026, 3, 3),
            attended=0,
            themes_shown=[],
            views="-",
            by=world.users.participation_worker,
        )


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("feedback:complaint_list", "qa_officer"),
        ("feedback:participation_list", "participation_worker"),
        ("feedback:you_said_we_did_list", "qa_officer"),
        ("feedback:invitation_list", "practitioner"),
        ("feedback:survey_list", "qa_officer"),
    ],
)
def test_list_pages_keep_their_query_count_as_rows_grow(
    client, world, surveys, django_assert_max_num_queries, url_name, role
):
    from feedback.services import invitation_create, you_said_we_did_record

    client.force_login(getattr(world.users, role))
    counts = []
    made = 0
    for total in (3, 30):
        while made < total:
            record(world, received_on=dt.date(2026, 3, 2) + dt.timedelta(days=made))
            participation_session_record(
                group=ParticipationGroup.objects.first(),
                held_on=dt.date(2026, 3, 3),
                attended=5,
                themes_shown=["A theme"],
                views="Views",
                by=world.users.participation_worker,
            )
            you_said_we_did_record(
                team=world.team_a,
                month=dt.date(2026, 3, 1),
                theme="contact",
                you_said="x",
                we_did="y",
                is_public=False,
                by=world.users.qa_officer,
            )
            invitation_create(
                survey=surveys["experience-during-child"],
                child=world.child,
                created_by=world.users.practitioner,
            )
            made += 1
        with django_assert_max_num_queries(10) as captured:
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
