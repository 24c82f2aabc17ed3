"""A safeguarding concern raised in an audit takes the same path as an alert from a feedback
form: a manager acknowledges it within one working day (weekends and bank holidays skipped), or
it escalates, once, to the senior managers of the service area."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from audits.models import SafeguardingConcern
from audits.services import (
    safeguarding_concern_acknowledge,
    safeguarding_concern_raise,
    safeguarding_concerns_escalate,
)
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ESCALATED = "A safeguarding concern in the audit of case C0000001 has not been acknowledged"


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def _raise(case_audit, world) -> SafeguardingConcern:
    return safeguarding_concern_raise(
        case_audit=case_audit,
        by=world.users.peer_auditor,
        concern="Alfie said an unknown adult stays at weekends.",
    )


def _escalations():
    return Notification.objects.filter(subject=ESCALATED)


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        # Friday morning: due on Monday morning, not on Saturday.
        (_at(2026, 11, 20, 10, 0), _at(2026, 11, 23, 10, 0)),
        # Christmas Eve: Christmas Day, the weekend and the Boxing Day holiday are skipped.
        (_at(2026, 12, 24, 15, 30), _at(2026, 12, 29, 15, 30)),
    ],
)
def test_an_unacknowledged_concern_escalates_once_a_working_day_after_it_was_raised(
    case_audit, world, time_machine, raised, due
):
    time_machine.move_to(raised, tick=False)
    concern = _raise(case_audit, world)
    assert concern.escalate_after == due

    assert safeguarding_concerns_escalate(now=due - dt.timedelta(minutes=1)) == 0
    assert safeguarding_concerns_escalate(now=due) == 1
    assert safeguarding_concerns_escalate(now=due + dt.timedelta(hours=5)) == 0

    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.ESCALATED
    assert concern.escalated_at == due
    assert list(_escalations().values_list("recipient__username", flat=True)) == ["senior_manager"]


def test_the_hourly_job_does_not_escalate_over_a_bank_holiday_weekend(
    case_audit, world, time_machine
):
    time_machine.move_to(_at(2026, 12, 24, 15, 30), tick=False)
    concern = _raise(case_audit, world)
    for day in (25, 26, 27, 28):  # Christmas Day, the weekend, the Boxing Day holiday
        time_machine.move_to(_at(2026, 12, day, 17, 0), tick=False)
        call_command("escalate_safeguarding_concerns")
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN

    time_machine.move_to(_at(2026, 12, 29, 16, 0), tick=False)
    call_command("escalate_safeguarding_concerns")
    call_command("escalate_safeguarding_concerns")
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.ESCALATED
    assert _escalations().count() == 1


def test_the_head_of_service_is_told_too_and_qa_officers_when_the_area_has_no_senior_manager(
    case_audit, world, time_machine
):
    time_machine.move_to(_at(2026, 11, 16, 9, 0), tick=False)
    head = UserFactory(username="head", roles=[Role.SENIOR_MANAGER])
    world.area.head_of_service = head
    world.area.save()
    _raise(case_audit, world)
    safeguarding_concerns_escalate(now=_at(2026, 11, 17, 9, 0))
    assert set(_escalations().values_list("recipient__username", flat=True)) == {
        "senior_manager",
        "head",
    }

    world.area.head_of_service = None
    world.area.save()
    world.area.senior_managers.clear()
    _raise(case_audit, world)
    safeguarding_concerns_escalate(now=_at(2026, 11, 18, 9, 0))
    assert _escalations().filter(recipient=world.users.qa_officer).count() == 1


def test_an_acknowledged_concern_never_escalates(case_audit, world, time_machine):
    time_machine.move_to(_at(2026, 11, 20, 10, 0), tick=False)
    concern = _raise(case_audit, world)
    safeguarding_concern_acknowledge(
        concern=concern, by=world.users.team_manager, action_taken="Rang the social worker."
    )

    assert safeguarding_concerns_escalate(now=_at(2026, 11, 30, 10, 0)) == 0
    assert not _escalations().exists()


def test_the_team_manager_acknowledges_the_concern_from_its_page(client, case_audit, world):
    concern = _raise(case_audit, world)
    url = reverse("audits:concern", args=[case_audit.pk, concern.pk])
    client.force_login(world.users.team_manager)
    page = client.get(url).text
    assert "Alfie said an unknown adult stays at weekends." in page
    assert "Acknowledge the concern" in page

    response = client.post(url, {"action_taken": "Rang the social worker; visit tomorrow."})

    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "The concern is recorded as acknowledged" in page
    assert "Rang the social worker; visit tomorrow." in page
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by == world.users.team_manager
    history = client.get(reverse("audits:history", args=[case_audit.pk])).text
    assert "Safeguarding concern acknowledged" in history
    assert "Safeguarding concern raised" in history


def test_a_senior_manager_of_the_area_can_acknowledge_an_escalated_concern(
    client, case_audit, world
):
    concern = _raise(case_audit, world)
    safeguarding_concerns_escalate(now=concern.escalate_after)
    client.force_login(world.users.senior_manager)

    response = client.post(
        reverse("audits:concern", args=[case_audit.pk, concern.pk]),
        {"action_taken": "Spoke to the team manager; strategy discussion booked."},
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by == world.users.senior_manager


@pytest.mark.parametrize("role", ["peer_auditor", "director", "qa_officer"])
def test_people_who_do_not_manage_the_case_read_the_concern_but_cannot_acknowledge_it(
    client, case_audit, world, role
):
    concern = _raise(case_audit, world)
    url = reverse("audits:concern", args=[case_audit.pk, concern.pk])
    client.force_login(getattr(world.users, role))

    page = client.get(url)
    assert page.status_code == 200
    assert "Alfie said an unknown adult stays at weekends." in page.text
    assert "Acknowledge the concern</button>" not in page.text
    assert client.post(url, {"action_taken": "Nothing."}).status_code == 403
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN


def test_acknowledging_without_saying_what_was_done_asks_for_it_and_saves_nothing(
    client, case_audit, world
):
    concern = _raise(case_audit, world)
    client.force_login(world.users.team_manager)

    response = client.post(
        reverse("audits:concern", args=[case_audit.pk, concern.pk]), {"action_taken": "  "}
    )

    assert response.status_code == 400
    assert "Say what you have done to check the child is safe" in response.text
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN
    assert concern.acknowledged_by is None


def test_a_concern_is_acknowledged_once(client, case_audit, world):
    concern = _raise(case_audit, world)
    safeguarding_concern_acknowledge(
        concern=concern, by=world.users.team_manager, action_taken="Rang the social worker."
    )
    client.force_login(world.users.senior_manager)

    response = client.post(
        reverse("audits:concern", args=[case_audit.pk, concern.pk]),
        {"action_taken": "Again."},
        follow=True,
    )

    assert "This concern has already been acknowledged." in response.text
    concern.refresh_from_db()
    assert concern.acknowledged_by == world.users.team_manager
    assert concern.acknowledgement == "Rang the social worker."


def test_a_concern_of_another_audit_is_not_found_under_this_one(client, case_audit, world):
    from audits.models import CaseAudit

    concern = _raise(case_audit, world)
    other = CaseAudit.objects.exclude(pk=case_audit.pk).first()
    client.force_login(world.users.qa_officer)
    if other is not None:
        url = reverse("audits:concern", args=[other.pk, concern.pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("audits:concern", args=[case_audit.pk, 999_999])).status_code == 404


def test_open_concerns_are_in_my_work_for_the_team_manager_and_the_senior_manager(
    client, case_audit, world
):
    concern = _raise(case_audit, world)
    link = reverse("audits:concern", args=[case_audit.pk, concern.pk])
    for user in (world.users.team_manager, world.users.senior_manager):
        client.force_login(user)
        page = client.get(reverse("home")).text
        assert "Safeguarding concern: case C0000001" in page
        assert link in page

    client.force_login(world.users.peer_auditor)  # raised it; manages team B, not team A
    assert link not in client.get(reverse("home")).text

    safeguarding_concern_acknowledge(
        concern=concern, by=world.users.team_manager, action_taken="Rang the social worker."
    )
    for user in (world.users.team_manager, world.users.senior_manager):
        client.force_login(user)
        assert link not in client.get(reverse("home")).text


def test_the_raising_message_links_to_the_concern(case_audit, world):
    concern = _raise(case_audit, world)
    message = Notification.objects.get(
        recipient=world.users.team_manager, subject__startswith="Safeguarding concern raised"
    )
    assert message.url == reverse("audits:concern", args=[case_audit.pk, concern.pk])


def test_the_escalation_job_is_scheduled_hourly_and_runs_by_hand():
    from django.core.management import get_commands

    entry = settings.CELERY_BEAT_SCHEDULE["audits-escalate-safeguarding-concerns"]
    assert entry["task"] == "audits.tasks.escalate_safeguarding_concerns"
    assert entry["schedule"] == dt.timedelta(hours=1)
    assert "escalate_safeguarding_concerns" in get_commands()
