"""Safeguarding alerts: raised at once, routed to the right managers, escalated once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from casework.models import Allocation, TeamMembership
from feedback.models import SafeguardingAlert
from feedback.phrases import first_match, normalise
from feedback.services import (
    FeedbackError,
    answer_save,
    invitation_create,
    invitation_submit,
    safeguarding_alert_acknowledge,
    safeguarding_alerts_escalate,
    survey_start,
    worrying_phrase_add,
)
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def question(voice, theme):
    return voice.invitation.survey.questions.get(theme=theme)


def alert_notifications():
    return Notification.objects.filter(dedupe_key__startswith="safeguarding-alert:")


def test_saying_you_do_not_feel_safe_alerts_the_team_manager_at_once(voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    # Raised on saving the page: the child has not pressed send, and may never.
    alert = SafeguardingAlert.objects.get()
    assert alert.status == SafeguardingAlert.Status.OPEN
    assert alert.child == voice.world.child
    assert alert.team == voice.world.team_a
    assert not alert.routed_to_duty
    assert alert.answer_text == "No"
    (notification,) = alert_notifications()
    assert notification.recipient == voice.world.users.team_manager
    assert notification.subject == "A child's answer needs checking today"
    assert notification.url == reverse("feedback:alert_detail", args=[alert.pk])
    assert voice.world.child.display_name not in notification.subject + notification.body
    assert voice.world.child.child_id not in notification.subject + notification.body


def test_not_sure_about_safety_is_checked_too_but_feeling_safe_is_not(voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="yes")
    assert not SafeguardingAlert.objects.exists()
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="not_sure")
    assert SafeguardingAlert.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    [
        "I DON’T feel safe at home!!",
        "my brother hurts me sometimes",
        "please help me",
        "I'm scared to go home after school",
    ],
)
def test_worrying_words_in_free_text_raise_an_alert(voice, text):
    answer_save(invitation=voice.invitation, question=question(voice, "other"), text=text)
    alert = SafeguardingAlert.objects.get()
    assert alert.reason == SafeguardingAlert.Reason.PHRASE
    assert alert.answer_text == text


@pytest.mark.parametrize("text", ["I like my social worker", "Safety first, she said", "helpful"])
def test_ordinary_words_raise_no_alert(voice, text):
    answer_save(invitation=voice.invitation, question=question(voice, "other"), text=text)
    assert not SafeguardingAlert.objects.exists()


def test_phrases_match_whole_words_ignoring_capitals_and_punctuation():
    assert normalise("  I DON’T   feel-safe!! ") == "i dont feel safe"
    assert first_match("Dont feel safe.", ["don't feel safe"]) == "don't feel safe"
    assert first_match("Unhurt me", ["hurt me"]) is None
    assert first_match("Élodie hit me", ["hit me"]) == "hit me"


def test_qa_can_add_worrying_words_and_they_are_used_at_once(voice):
    worrying_phrase_add(phrase="sleep in the car", by=voice.world.users.qa_officer)
    with pytest.raises(FeedbackError, match="already on the list"):
        worrying_phrase_add(phrase="Sleep in the CAR!", by=voice.world.users.qa_officer)
    answer_save(
        invitation=voice.invitation,
        question=question(voice, "other"),
        text="Sometimes we sleep in the car",
    )
    assert SafeguardingAlert.objects.get().matched_phrase == "sleep in the car"


def test_changing_the_answer_neither_repeats_nor_withdraws_the_alert(voice):
    safe = question(voice, "safe")
    answer_save(invitation=voice.invitation, question=safe, choice="no")
    answer_save(invitation=voice.invitation, question=safe, choice="not_sure")
    answer_save(invitation=voice.invitation, question=safe, choice="yes")
    assert SafeguardingAlert.objects.count() == 1
    assert alert_notifications().count() == 1


def test_an_anonymous_answer_still_alerts_with_the_child_named_on_the_alert(voice):
    survey_start(invitation=voice.invitation)
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    response = invitation_submit(invitation=voice.invitation, anonymous=True)
    assert response.child is None
    assert SafeguardingAlert.objects.get().child == voice.world.child


def test_with_no_allocated_worker_the_duty_team_is_alerted_too(voice):
    duty = TeamFactory(name="Duty and MASH", service_area=voice.world.area, is_duty=True)
    duty_manager = UserFactory(roles=[Role.TEAM_MANAGER])
    TeamMembershipFactory(user=duty_manager, team=duty, role=TeamMembership.Role.MANAGER)
    Allocation.objects.filter(child=voice.world.child).update(end_date=dt.date(2026, 2, 1))
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    assert alert.routed_to_duty
    assert alert.team == voice.world.team_a
    assert {n.recipient for n in alert_notifications()} == {
        voice.world.users.team_manager,
        duty_manager,
    }


def test_an_alert_with_nobody_to_route_to_goes_to_qa_officers(voice):
    TeamMembership.objects.filter(role=TeamMembership.Role.MANAGER).delete()
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    assert [n.recipient for n in alert_notifications()] == [voice.world.users.qa_officer]


def test_only_a_manager_of_the_childs_team_can_record_the_alert_as_checked(client, voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    for outsider in (voice.world.users.peer_auditor, voice.world.users.qa_officer):
        with pytest.raises(FeedbackError):
            safeguarding_alert_acknowledge(alert=alert, by=outsider, action_taken="Seen")
    client.force_login(voice.world.users.team_manager)
    url = reverse("feedback:alert_detail", args=[alert.pk])
    page = client.get(url)
    assert "Record that the child has been checked on" in page.text
    assert client.post(url, {"action_taken": ""}).status_code == 200
    response = client.post(url, {"action_taken": "Visited with the social worker today."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == SafeguardingAlert.Status.ACKNOWLEDGED
    assert alert.acknowledged_by == voice.world.users.team_manager


def test_a_director_reads_the_alert_but_cannot_record_it(client, voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    client.force_login(voice.world.users.director)
    url = reverse("feedback:alert_detail", args=[alert.pk])
    assert "Record that the child" not in client.get(url).text
    assert client.post(url, {"action_taken": "x"}).status_code == 403


def test_opening_an_alert_is_logged_as_viewing_the_childs_record(client, voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    client.force_login(voice.world.users.team_manager)
    client.get(reverse("feedback:alert_detail", args=[alert.pk]))
    log = voice.world.child.access_log.get()
    assert log.user == voice.world.users.team_manager
    assert log.context == f"safeguarding alert {alert.pk}"


def test_the_alert_appears_in_the_team_managers_work(client, voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    client.force_login(voice.world.users.team_manager)
    page = client.get(reverse("home")).text
    assert "A child&#x27;s answer needs checking" in page
    client.force_login(voice.world.users.peer_auditor)  # manages team B
    assert "needs checking" not in client.get(reverse("home")).text


def test_an_unchecked_alert_escalates_after_one_working_day_exactly_once(voice):
    # Raised on a Friday morning: due by the same time on Monday, not over the weekend.
    raised = dt.datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)
    with time_machine.travel(raised, tick=False):
        answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    assert alert.escalate_after == dt.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
    assert safeguarding_alerts_escalate(now=dt.datetime(2026, 3, 9, 9, 59, tzinfo=LONDON)) == 0
    with time_machine.travel(dt.datetime(2026, 3, 9, 10, 5, tzinfo=LONDON), tick=False):
        call_command("escalate_safeguarding_alerts")
        call_command("escalate_safeguarding_alerts")
    alert.refresh_from_db()
    assert alert.status == SafeguardingAlert.Status.ESCALATED
    escalations = Notification.objects.filter(dedupe_key__startswith="safeguarding-alert-escalated")
    assert [n.recipient for n in escalations] == [voice.world.users.senior_manager]


def test_bank_holidays_do_not_count_towards_the_working_day(voice):
    # Maundy Thursday 2026: Good Friday and Easter Monday are bank holidays.
    with time_machine.travel(dt.datetime(2026, 4, 2, 15, 0, tzinfo=LONDON), tick=False):
        answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    assert alert.escalate_after == dt.datetime(2026, 4, 7, 15, 0, tzinfo=LONDON)


def test_a_checked_alert_never_escalates(voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    safeguarding_alert_acknowledge(
        alert=alert, by=voice.world.users.team_manager, action_taken="Called the foster carer."
    )
    assert safeguarding_alerts_escalate(now=alert.escalate_after + dt.timedelta(days=3)) == 0


def test_a_senior_manager_can_record_an_escalated_alert(voice):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    alert = SafeguardingAlert.objects.get()
    safeguarding_alerts_escalate(now=alert.escalate_after)
    safeguarding_alert_acknowledge(
        alert=alert, by=voice.world.users.senior_manager, action_taken="Asked duty to visit."
    )
    alert.refresh_from_db()
    assert alert.status == SafeguardingAlert.Status.ACKNOWLEDGED


def test_alerts_for_another_childs_team_are_not_in_the_list(client, voice, child_survey):
    answer_save(invitation=voice.invitation, question=question(voice, "safe"), choice="no")
    client.force_login(voice.world.users.peer_auditor)
    assert "C0000001" not in client.get(reverse("feedback:alert_list")).text
    client.force_login(voice.world.users.team_manager)
    assert "C0000001" in client.get(reverse("feedback:alert_list")).text


def test_the_alert_list_query_count_does_not_grow(
    client, voice, child_survey, django_assert_max_num_queries
):
    client.force_login(voice.world.users.team_manager)
    safe = question(voice, "safe")
    budgets = []
    for count in (3, 30):
        while SafeguardingAlert.objects.count() < count:
            invitation, _ = invitation_create(
                survey=child_survey,
                child=voice.world.child,
                created_by=voice.world.users.practitioner,
            )
            answer_save(invitation=invitation, question=safe, choice="no")
        with django_assert_max_num_queries(9) as captured:
            response = client.get(reverse("feedback:alert_list"))
        assert response.status_code == 200
        budgets.append(len(captured))
    assert budgets[0] == budgets[1]
