"""Grading in the browser's terms: drafts, coming back, submitting, what is missing, and what
happens when both gradings are in."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audits.errors import AuditError, GradingIncomplete
from audits.models import CaseAudit, Conversation, Grade, Grading, SafeguardingConcern
from audits.selectors import domains_for
from audits.services import (
    QuestionInput,
    audit_domain_add,
    audit_template_draft_create,
    audit_template_publish,
    case_audit_assign,
    conversation_record,
    grading_domain_save,
    grading_reminders_send,
    grading_submit,
    safeguarding_concern_raise,
    sample_month,
)
from audits.signals import case_audit_both_graded
from casework.models import Episode
from qaf.models import Notification
from qaf.roles import Role, role_group
from tests.factories import TeamMembershipFactory, UserFactory

from .conftest import PERIOD, grade_all, open_case, submit_all

pytestmark = pytest.mark.django_db


def domain_url(audit, domain):
    return reverse("audits:grading_domain", args=[audit.pk, domain.pk])


def test_an_auditor_saves_a_draft_comes_back_to_it_and_sees_their_progress(
    client, world, case_audit
):
    client.force_login(world.users.team_manager)
    first, second = domains_for(case_audit)[:2]
    response = client.post(
        domain_url(case_audit, first),
        {"grade": Grade.GOOD, "evidence": "Seen alone at every visit.", "action": "save"},
    )
    assert response["Location"] == reverse("audits:grading", args=[case_audit.pk])
    client.post(domain_url(case_audit, second), {"grade": Grade.INADEQUATE, "action": "save"})

    page = client.get(reverse("audits:grading", args=[case_audit.pk])).text
    assert "You have completed 1 of 7 sections" in page
    assert "In progress" in page
    form = client.get(domain_url(case_audit, first)).text
    assert "Seen alone at every visit." in form
    assert 'value="good"\n    \n      checked' in form or 'checked="checked"' in form
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.IN_PROGRESS


def test_save_and_continue_goes_domain_by_domain_then_to_the_overall_grade(
    client, world, case_audit
):
    client.force_login(world.users.peer_auditor)
    domains = domains_for(case_audit)
    response = client.post(domain_url(case_audit, domains[0]), {"action": "continue"})
    assert response["Location"] == domain_url(case_audit, domains[1])
    response = client.post(domain_url(case_audit, domains[-1]), {"action": "continue"})
    assert response["Location"] == reverse("audits:grading_overall", args=[case_audit.pk])
    response = client.post(
        reverse("audits:grading_overall", args=[case_audit.pk]),
        {"overall_grade": Grade.GOOD, "action": "continue"},
    )
    assert response["Location"] == reverse("audits:grading_submit", args=[case_audit.pk])


def test_the_guidance_is_shown_beside_each_question_of_the_domain(client, world, case_audit):
    client.force_login(world.users.team_manager)
    domain = domains_for(case_audit)[0]
    page = client.get(domain_url(case_audit, domain)).text
    for question in domain.questions.all():
        assert question.text.replace("'", "&#x27;") in page
        assert question.guidance.replace("'", "&#x27;") in page


def test_submitting_an_unfinished_grading_names_each_thing_that_is_missing(
    client, world, case_audit
):
    client.force_login(world.users.team_manager)
    assessment = domains_for(case_audit)[1]
    grading_domain_save(
        case_audit=case_audit,
        by=world.users.team_manager,
        domain=assessment,
        grade=Grade.GOOD,
        evidence="",
    )
    response = client.post(reverse("audits:grading_submit", args=[case_audit.pk]))
    assert response.status_code == 400
    page = response.text
    assert "Your grading is not complete" in page
    assert "Write the evidence for Assessment" in page
    assert "Choose a grade for Assessment" not in page
    assert "Choose a grade for Planning" in page
    assert "Choose an overall grade" in page
    assert "Write what needs to improve" in page
    assert domain_url(case_audit, assessment) + "#id_grade_1" in page
    assert not Grading.objects.get(auditor=world.users.team_manager).is_submitted


def test_a_complete_grading_is_submitted_and_can_never_be_changed(client, world, case_audit):
    manager = world.users.team_manager
    grade_all(case_audit, manager)
    client.force_login(manager)
    response = client.post(reverse("audits:grading_submit", args=[case_audit.pk]))
    assert response["Location"] == reverse("audits:detail", args=[case_audit.pk])
    assert Grading.objects.get(auditor=manager).is_submitted

    with pytest.raises(AuditError, match="cannot be changed"):
        grading_domain_save(
            case_audit=case_audit,
            by=manager,
            domain=domains_for(case_audit)[0],
            grade=Grade.INADEQUATE,
            evidence="Changed my mind.",
        )
    # The grading pages send them back to the audit instead.
    assert client.get(reverse("audits:grading", args=[case_audit.pk])).status_code == 302


def test_the_service_refuses_to_submit_an_incomplete_grading(case_audit, world):
    with pytest.raises(GradingIncomplete) as refused:
        grading_submit(case_audit=case_audit, by=world.users.peer_auditor)
    assert ("Choose an overall grade", "overall") in refused.value.missing


def test_only_the_cases_two_auditors_can_grade_it(case_audit, world):
    with pytest.raises(AuditError, match="Only the case's team manager and peer auditor"):
        grading_domain_save(
            case_audit=case_audit,
            by=world.users.senior_manager,
            domain=domains_for(case_audit)[0],
            grade=Grade.GOOD,
            evidence="",
        )


def test_when_both_have_submitted_the_audit_is_both_graded_and_moderation_is_told(
    case_audit, world, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, case_audit_id, **kwargs):
        received.append(case_audit_id)

    case_audit_both_graded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            submit_all(case_audit, world.users.team_manager)
        assert received == []
        peer_told = Notification.objects.get(
            recipient=world.users.peer_auditor, subject__contains="has graded"
        )
        assert peer_told.subject == "The team manager has graded case C0000001"
        assert "stay hidden" in peer_told.body

        with django_capture_on_commit_callbacks(execute=True):
            submit_all(case_audit, world.users.peer_auditor, grade=Grade.OUTSTANDING)
    finally:
        case_audit_both_graded.disconnect(listener)
    assert received == [case_audit.pk]
    # The moderation app routes the audit on at once, so look for the state in its history.
    assert case_audit.history.filter(status=CaseAudit.Status.BOTH_GRADED).exists()
    for auditor in (world.users.team_manager, world.users.peer_auditor):
        assert Notification.objects.filter(
            recipient=auditor, subject="Both gradings of case C0000001 are in"
        ).exists()


def test_both_auditors_see_the_comparison_domain_by_domain_once_both_are_in(
    client, world, case_audit
):
    submit_all(case_audit, world.users.team_manager, grade=Grade.GOOD)
    submit_all(case_audit, world.users.peer_auditor, grade=Grade.INADEQUATE, overall=Grade.GOOD)
    client.force_login(world.users.peer_auditor)
    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text
    assert "Both gradings, side by side" in page
    assert "Differ by 2 steps" in page
    assert "agree on 0 of 6 domains and on the overall grade" in page


def test_an_audit_keeps_the_template_version_it_started_on(case_audit, world, template):
    qa = world.users.qa_officer
    grading_domain_save(
        case_audit=case_audit,
        by=world.users.team_manager,
        domain=domains_for(case_audit)[0],
        grade=Grade.GOOD,
        evidence="",
    )
    draft = audit_template_draft_create(by=qa)
    audit_domain_add(
        template=draft,
        by=qa,
        title="Permanence",
        case_kinds=[],
        questions=[QuestionInput(text="Is there a plan for permanence?")],
    )
    audit_template_publish(template=draft, by=qa)

    case_audit.refresh_from_db()
    assert case_audit.template == template
    assert "Permanence" not in [d.title for d in domains_for(case_audit)]
    # An audit that has not started yet uses the new version, and is bound to it when it starts.
    fresh = CaseAudit.objects.get(
        round=sample_month(period=dt.date(2027, 11, 1)).round, child=world.child
    )
    assert "Permanence" in [d.title for d in domains_for(fresh)]
    grading_domain_save(
        case_audit=fresh,
        by=world.users.team_manager,
        domain=domains_for(fresh)[-1],
        grade="",
        evidence="",
    )
    fresh.refresh_from_db()
    assert fresh.template == draft


def test_a_domain_is_asked_only_of_the_case_types_it_applies_to(world, template):
    qa = world.users.qa_officer
    draft = audit_template_draft_create(by=qa)
    audit_domain_add(
        template=draft,
        by=qa,
        title="Placement stability",
        case_kinds=[Episode.Kind.CLA],
        questions=[QuestionInput(text="How many moves in a year?")],
    )
    audit_template_publish(template=draft, by=qa)
    looked_after = open_case(world.team_a, world.users.practitioner, kind=Episode.Kind.CLA)
    audit_round = sample_month(period=PERIOD).round
    titles = {
        audit.case_kind: [d.title for d in domains_for(audit)]
        for audit in CaseAudit.objects.filter(round=audit_round)
    }
    assert CaseAudit.objects.filter(child=looked_after).exists()
    assert "Placement stability" in titles[Episode.Kind.CLA]
    assert "Placement stability" not in titles[Episode.Kind.CP]


def test_the_peer_auditor_records_a_conversation_in_the_persons_own_words(
    client, world, case_audit
):
    client.force_login(world.users.peer_auditor)
    url = reverse("audits:conversation_add", args=[case_audit.pk])
    response = client.post(
        url,
        {
            "person": Conversation.Person.CHILD,
            "held_on_0": "5",
            "held_on_1": "10",
            "held_on_2": "2026",
            "method": Conversation.Method.IN_PERSON_HOME,
            "seen_alone": "yes",
            "in_their_words": "I want to stay at my school.",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert (conversation.held_on, conversation.seen_alone) == (dt.date(2026, 10, 5), True)
    assert conversation.in_their_words == "I want to stay at my school."
    assert conversation.recorded_by == world.users.peer_auditor


def test_a_conversation_with_the_child_must_say_whether_they_were_seen_alone(
    client, world, case_audit
):
    client.force_login(world.users.peer_auditor)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("audits:conversation_add", args=[case_audit.pk]),
        {
            "person": Conversation.Person.CHILD,
            "held_on_0": str(tomorrow.day),
            "held_on_1": str(tomorrow.month),
            "held_on_2": str(tomorrow.year),
            "method": Conversation.Method.PHONE,
        },
    )
    assert response.status_code == 200
    assert "Say whether the child was seen alone" in response.text
    assert "The date must be today or in the past" in response.text
    assert "Write what they said, in their own words" in response.text
    assert 'href="#id_seen_alone_1"' in response.text
    assert not Conversation.objects.exists()


def test_only_the_peer_auditor_records_conversations(case_audit, world):
    with pytest.raises(AuditError, match="Only the case's peer auditor"):
        conversation_record(
            case_audit=case_audit,
            by=world.users.team_manager,
            person=Conversation.Person.SOCIAL_WORKER,
            held_on=dt.date(2026, 10, 5),
            method=Conversation.Method.PHONE,
            in_their_words="Fine.",
        )


@pytest.mark.parametrize("state", ["sampled", "in_progress", "both_graded", "closed"])
def test_a_safeguarding_concern_tells_the_team_and_senior_managers_at_once_in_any_state(
    case_audit, world, state, mailoutbox, django_capture_on_commit_callbacks
):
    CaseAudit.objects.filter(pk=case_audit.pk).update(status=state)
    with django_capture_on_commit_callbacks(execute=True):
        safeguarding_concern_raise(
            case_audit=case_audit,
            by=world.users.peer_auditor,
            concern="Alfie said an unknown adult stays at weekends.",
        )
    told = set(
        Notification.objects.filter(subject__startswith="Safeguarding concern").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"team_manager", "senior_manager"}
    message = Notification.objects.get(recipient=world.users.senior_manager)
    assert message.subject == "Safeguarding concern raised in the audit of case C0000001"
    # Neither the child's name nor the concern itself leaves the service by email.
    assert "Alfie" not in message.subject
    assert "unknown adult" not in message.body
    assert {m.to[0] for m in mailoutbox} == {
        "team_manager@northmoor.example",
        "senior_manager@northmoor.example",
    }
    assert all("unknown adult" not in m.body and "Alfie" not in m.subject for m in mailoutbox)
    assert SafeguardingConcern.objects.get().raised_by == world.users.peer_auditor


def test_a_safeguarding_concern_is_raised_from_the_audit_page(client, world, case_audit):
    client.force_login(world.users.team_manager)
    response = client.post(
        reverse("audits:concern_raise", args=[case_audit.pk]),
        {"concern": "Bruise not followed up.", "action_taken": ""},
    )
    assert response["Location"].endswith("#safeguarding")
    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text
    assert "Bruise not followed up." in page
    response = client.post(reverse("audits:concern_raise", args=[case_audit.pk]), {})
    assert "Describe the safeguarding concern" in response.text


def test_a_qa_officer_hands_a_draft_grading_to_another_peer_and_the_draft_is_set_aside(
    client, world, case_audit
):
    other_team = world.team_b.__class__.objects.create(name="Leaving Care", service_area=world.area)
    replacement = UserFactory(username="replacement", roles=[Role.PEER_AUDITOR])
    TeamMembershipFactory(user=replacement, team=other_team)
    grade_all(case_audit, world.users.peer_auditor)
    client.force_login(world.users.qa_officer)
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    page = client.get(url).text
    assert escape(replacement.display_name) in page
    assert escape(world.users.team_manager.display_name) not in page.split("Who will be")[1]
    response = client.post(url, {"role": "peer_auditor", "auditor": str(replacement.pk)})
    assert response.status_code == 302
    case_audit.refresh_from_db()
    assert case_audit.peer_auditor == replacement
    assert not Grading.objects.filter(case_audit=case_audit).exists()
    assert Notification.objects.filter(
        recipient=replacement, subject="You are the peer auditor for case C0000001"
    ).exists()


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("team_member", "works in Safeguarding A, the case's own team"),
        ("worker", "is the case's social worker"),
        ("line_manager", "is the social worker's line manager"),
        ("not_a_peer", "is not a peer auditor"),
    ],
)
def test_a_peer_auditor_assigned_by_hand_must_still_be_independent(case_audit, world, who, reason):
    from casework.models import TeamMembership

    people = {
        "team_member": UserFactory(username="member", roles=[Role.PEER_AUDITOR]),
        "worker": world.users.practitioner,
        "line_manager": UserFactory(username="other-lm", roles=[Role.PEER_AUDITOR]),
        "not_a_peer": world.users.senior_manager,
    }
    TeamMembershipFactory(user=people["team_member"], team=world.team_a)
    world.users.practitioner.groups.add(role_group(Role.PEER_AUDITOR))
    # The worker also practises in team B, whose second manager is a peer auditor.
    TeamMembershipFactory(user=world.users.practitioner, team=world.team_b)
    TeamMembershipFactory(
        user=people["line_manager"], team=world.team_b, role=TeamMembership.Role.MANAGER
    )
    auditor = people[who]
    auditor.refresh_from_db()
    auditor.__dict__.pop("_role_names", None)
    with pytest.raises(AuditError, match=reason):
        case_audit_assign(
            case_audit=case_audit, role="peer_auditor", auditor=auditor, by=world.users.qa_officer
        )


def test_a_submitted_grading_cannot_be_handed_to_someone_else(case_audit, world):
    submit_all(case_audit, world.users.team_manager)
    deputy = UserFactory(username="deputy", roles=[Role.TEAM_MANAGER])
    with pytest.raises(AuditError, match="already submitted"):
        case_audit_assign(
            case_audit=case_audit, role="team_manager", auditor=deputy, by=world.users.qa_officer
        )


def test_reminders_are_sent_before_the_due_date_and_when_overdue_each_once(case_audit, world):
    submit_all(case_audit, world.users.team_manager)
    # Due Friday 30 October 2026; three working days before is Tuesday 27 October.
    assert grading_reminders_send(today=dt.date(2026, 10, 26)) == 0
    assert grading_reminders_send(today=dt.date(2026, 10, 27)) == 1
    assert grading_reminders_send(today=dt.date(2026, 10, 28)) == 0
    reminder = Notification.objects.get(subject__startswith="Your grading")
    assert reminder.recipient == world.users.peer_auditor
    assert reminder.subject == "Your grading of case C0000001 is due on 30 October 2026"
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False):
        call_command("send_grading_reminders")
        call_command("send_grading_reminders")
    assert (
        Notification.objects.filter(
            recipient=world.users.peer_auditor, subject__endswith="is overdue"
        ).count()
        == 1
    )


def test_the_comparison_gives_moderation_the_difference_of_each_domain(case_audit, world):
    from audits.selectors import grading_comparison

    assert grading_comparison(case_audit=case_audit) is None
    submit_all(case_audit, world.users.team_manager, grade=Grade.OUTSTANDING, overall=Grade.GOOD)
    assert grading_comparison(case_audit=case_audit) is None, "blind until both are in"
    submit_all(
        case_audit, world.users.peer_auditor, grade=Grade.REQUIRES_IMPROVEMENT, overall=Grade.GOOD
    )
    case_audit.refresh_from_db()
    comparison = grading_comparison(case_audit=case_audit)
    assert [row.steps_apart for row in comparison.domains] == [2] * 6
    assert comparison.overall.agree
    assert comparison.domains_agreeing == 0


def test_the_history_says_who_changed_what_and_when(client, world, case_audit):
    grading_domain_save(
        case_audit=case_audit,
        by=world.users.team_manager,
        domain=domains_for(case_audit)[1],
        grade=Grade.GOOD,
        evidence="First look.",
    )
    grading_domain_save(
        case_audit=case_audit,
        by=world.users.team_manager,
        domain=domains_for(case_audit)[1],
        grade=Grade.REQUIRES_IMPROVEMENT,
        evidence="First look, then a second.",
    )
    client.force_login(world.users.team_manager)
    page = client.get(reverse("audits:history", args=[case_audit.pk])).text
    assert "Team manager&#x27;s grading: Assessment" in page
    assert "Grade: nothing → Good" in page
    assert "Grade: Good → Requires improvement to be good" in page
    assert "Evidence changed" in page
    assert "State: Sampled → In progress" in page
    assert escape(world.users.team_manager.display_name) in page
    assert "Sampled in October 2026" in page
