"""Compliments reach the person and their team, and are counted each quarter."""

import datetime as dt

import pytest
from django.urls import reverse

from feedback.models import ComplaintOrCompliment
from feedback.services import complaint_record, compliment_pass_on
from qaf.models import Notification
from staffvoice.models import Recognition
from staffvoice.selectors import staff_voice_monitoring
from staffvoice.services import recognition_record
from tests.moderation.conftest import (  # noqa: F401 - fixtures for an audit with feedback
    _monday_16_november,
    case_audit,
    final,
    loop,
    moderated,
    moderation,
    template,
)

pytestmark = pytest.mark.django_db


def test_a_compliment_in_audit_feedback_reaches_the_worker_and_their_team(client, world, loop):  # noqa: F811
    recognition = Recognition.objects.get(source_key=f"moderation:feedback:{loop.feedback.pk}")
    assert recognition.person == world.users.practitioner
    assert recognition.team == world.team_a
    assert recognition.source == Recognition.Source.AUDIT
    assert recognition.summary == "His foster carer said you always ring back."
    assert Notification.objects.filter(
        recipient=world.users.practitioner, dedupe_key=f"staffvoice:recognition:{recognition.pk}"
    ).exists()

    client.force_login(world.users.team_manager)
    page = client.get(
        reverse("staffvoice:team_recognition", args=[world.team_a.pk])
    ).content.decode()
    assert "His foster carer said you always ring back." in page
    assert "From a case audit" in page


def test_a_family_compliment_passed_on_is_recognition_for_each_person_named(world):
    item = complaint_record(
        kind=ComplaintOrCompliment.Kind.COMPLIMENT,
        received_on=dt.date(2026, 11, 10),
        team=world.team_a,
        category=ComplaintOrCompliment.Category.STAFF,
        received_from=ComplaintOrCompliment.From.PARENT_CARER,
        summary="Sam helped us stay together.",
        named_staff=[world.users.practitioner],
        by=world.users.qa_officer,
    )
    assert not Recognition.objects.exists()
    compliment_pass_on(item=item)
    recognition = Recognition.objects.get()
    assert recognition.person == world.users.practitioner
    assert recognition.team == world.team_a
    assert recognition.source == Recognition.Source.FAMILY
    assert recognition.received_on == dt.date(2026, 11, 10)


def test_thanks_for_a_whole_team_tells_its_members(world):
    recognition_record(
        team=world.team_a,
        source=Recognition.Source.COLLEAGUE,
        received_on=dt.date(2026, 11, 3),
        summary="Brilliant cover during the snow.",
        by=world.users.qa_officer,
    )
    told = set(
        Notification.objects.filter(
            subject__contains="Safeguarding A has been recognised"
        ).values_list("recipient__username", flat=True)
    )
    assert told == {"practitioner", "team_manager"}


def test_the_record_form_needs_a_person_or_a_team(client, world):
    client.force_login(world.users.team_manager)
    response = client.post(
        reverse("staffvoice:recognition_create"),
        {
            "source": "colleague",
            "received_on_0": "3",
            "received_on_1": "11",
            "received_on_2": "2026",
            "summary": "Thanks",
        },
    )
    assert response.status_code == 200
    assert "Choose the person or the team the thanks is for" in response.content.decode()
    assert not Recognition.objects.exists()


def test_monitoring_counts_recognition_each_quarter(world):
    for day in (dt.date(2026, 1, 5), dt.date(2026, 2, 5), dt.date(2026, 11, 5)):
        recognition_record(
            person=world.users.practitioner,
            source=Recognition.Source.COLLEAGUE,
            received_on=day,
            summary="Thank you",
        )
    figures = staff_voice_monitoring(today=dt.date(2026, 11, 30))
    assert figures["quarters"] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert figures["recognition_rows"][0].counts == [2, 0, 0, 1]


def test_a_stranger_to_the_team_cannot_see_its_recognition(client, world):
    client.force_login(world.users.peer_auditor)  # manages team B, not A
    response = client.get(reverse("staffvoice:team_recognition", args=[world.team_a.pk]))
    assert response.status_code == 404


def test_thanks_from_an_audit_never_names_the_child_to_the_team_or_by_email(
    world,
    final,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    from moderation import services

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.practitioner_feedback_send(
            case_audit=final.case_audit,
            by=world.users.team_manager,
            going_well="Words.",
            to_improve="Words.",
            compliments="ALFIE's carer says thank you, and Alfie does too.",
        )
    recognition = Recognition.objects.get()
    assert recognition.summary == "the child's carer says thank you, and the child does too."
    assert mail.outbox
    for email in mail.outbox:
        assert "Alfie" not in f"{email.subject} {email.body}"


def test_the_voice_monitoring_page_counts_recognition_by_quarter(client, world):
    from django.utils import timezone

    from staffvoice.models import Recognition

    today = timezone.localdate()
    for _ in range(3):
        Recognition.objects.create(
            person=world.users.practitioner,
            team=world.team_a,
            source=Recognition.Source.choices[0][0],
            received_on=today,
            summary="Thanked for a careful visit.",
        )
    client.force_login(world.users.director)
    page = client.get(reverse("feedback:monitoring")).text
    assert "Recognition of staff and teams" in page
    row = page.split("Recognition, all", 1)[1].split("</tr>", 1)[0]
    # Four quarters, the last of them this one: three thanks in it, none before.
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["0", "0", "0", "3"]
