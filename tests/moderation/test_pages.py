"""The loop's pages through the test client: what each person can do, and what they see."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from audits.models import CaseAudit, Grade
from audits.selectors import domains_for
from moderation.models import (
    Action,
    Escalation,
    FollowUpReview,
    LearningNote,
    Moderation,
    PractitionerFeedback,
)

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_moderator_records_the_moderation_from_the_form(client, moderation, world):
    client.force_login(world.users.senior_manager)
    page = client.get(reverse("moderation:record", args=[moderation.pk]))
    assert page.status_code == 200
    assert b"Agreed grade for" in page.content
    data = {
        "held_on_0": "16",
        "held_on_1": "11",
        "held_on_2": "2026",
        "meeting_notes": "",
        "overall_grade": Grade.REQUIRES_IMPROVEMENT,
        "rationale": "No dates in the plan.",
        "note_to_team_manager": "Check the dates.",
        "note_to_peer_auditor": "Good evidence.",
    }
    for domain in domains_for(moderation.case_audit):
        data[f"domain_{domain.pk}"] = Grade.REQUIRES_IMPROVEMENT
    response = client.post(reverse("moderation:record", args=[moderation.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:case", args=[moderation.case_audit_id])
    moderation.refresh_from_db()
    assert moderation.status == Moderation.Status.MODERATED


def test_a_moderation_form_with_gaps_shows_an_error_summary(client, moderation, world):
    client.force_login(world.users.senior_manager)
    response = client.post(reverse("moderation:record", args=[moderation.pk]), {})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Enter the date of the meeting" in response.content
    assert b"Choose the agreed overall grade" in response.content


def test_an_auditor_who_is_also_a_senior_manager_gets_no_moderation_form(client, moderation, world):
    audit = moderation.case_audit
    audit.team_manager.groups.add(*world.users.senior_manager.groups.all())
    Moderation.objects.filter(pk=moderation.pk).update(moderator=audit.team_manager)
    world.area.senior_managers.add(audit.team_manager)
    client.force_login(audit.team_manager)
    assert client.get(reverse("moderation:record", args=[moderation.pk])).status_code == 403
    detail = client.get(reverse("moderation:detail", args=[moderation.pk]))
    assert b"You graded this case, so you cannot moderate it." in detail.content


def test_the_auditor_acknowledges_their_learning_note(client, moderated, world):
    note = LearningNote.objects.get(recipient=world.users.peer_auditor)
    client.force_login(world.users.peer_auditor)
    page = client.get(reverse("moderation:note", args=[note.pk]))
    assert b"Your evidence on the child" in page.content
    client.post(reverse("moderation:note", args=[note.pk]))
    note.refresh_from_db()
    assert note.acknowledged_at is not None


def test_the_team_manager_adds_an_action_and_gives_feedback(client, final, world):
    audit = final.case_audit
    client.force_login(world.users.team_manager)
    hub = client.get(reverse("moderation:case", args=[audit.pk]))
    assert b"Add an action" in hub.content and b"Give feedback" in hub.content
    response = client.post(
        reverse("moderation:action_add", args=[audit.pk]),
        {
            "description": "Date the plan.",
            "owner": world.users.practitioner.pk,
            "due_date_0": "11",
            "due_date_1": "12",
            "due_date_2": "2026",
            "then": "done",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().due_date == dt.date(2026, 12, 11)
    response = client.post(
        reverse("moderation:feedback_give", args=[audit.pk]),
        {"going_well": "Visits.", "to_improve": "Words.", "compliments": ""},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.ACTIONS_AND_FEEDBACK


def test_the_social_worker_reads_acknowledges_and_reflects(client, loop, world):
    client.force_login(world.users.practitioner)
    page = client.get(reverse("moderation:feedback", args=[loop.feedback.pk]))
    assert b"Feedback on your work" in page.content
    assert b"A compliment" in page.content
    client.post(reverse("moderation:feedback", args=[loop.feedback.pk]), {"reflection": "I will."})
    loop.feedback.refresh_from_db()
    assert loop.feedback.status == PractitionerFeedback.Status.ACKNOWLEDGED
    assert loop.feedback.reflection == "I will."


def test_the_social_worker_sees_their_feedback_but_not_the_gradings(client, loop, world):
    client.force_login(world.users.practitioner)
    assert client.get(reverse("moderation:case", args=[loop.audit.pk])).status_code == 403
    assert client.get(reverse("audits:detail", args=[loop.audit.pk])).status_code == 403
    listing = client.get(reverse("moderation:feedback_list"))
    assert reverse("moderation:feedback", args=[loop.feedback.pk]).encode() in listing.content


def test_the_owner_marks_their_action_done(client, loop, world):
    client.force_login(world.users.practitioner)
    url = reverse("moderation:action", args=[loop.action.pk])
    response = client.post(url, {"step": "done", "done-evidence": "Plan dated 1 Dec."})
    assert response.status_code == 302
    loop.action.refresh_from_db()
    assert loop.action.status == Action.Status.DONE
    # Only a manager of the loop may reopen it.
    assert client.post(url, {"step": "reopen", "reopen-reason": "x"}).status_code == 403


def test_the_follow_up_form_escalates_an_unfinished_action(client, loop, world):
    from moderation import services

    (review,) = services.follow_up_reviews_create(today=loop.final.follow_up_due)
    client.force_login(world.users.senior_manager)
    url = reverse("moderation:follow_up", args=[review.pk])
    data = {
        f"finding_{loop.action.pk}": "not_done",
        f"comment_{loop.action.pk}": "",
        "outcome": "partly",
        "look_back": "Visits better; plan still undated.",
        "escalation_reason": "",
    }
    missing_reason = client.post(url, data)
    assert missing_reason.status_code == 400
    assert b"Write why this goes to the head of service" in missing_reason.content
    data["escalation_reason"] = "The plan is still undated."
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.status == FollowUpReview.Status.COMPLETED
    assert Escalation.objects.get().reason == "The plan is still undated."


def test_the_loop_history_lists_every_change(client, loop, world):
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("moderation:history", args=[loop.audit.pk]))
    for text in (b"Moderation: Moderated", b"Learning note", b"Action: Action agreed"):
        assert text in page.content
    assert b"Feedback to the social worker: Feedback given" in page.content


def test_my_work_shows_each_person_their_part(client, loop, world):
    pages = {}
    for name in ("team_manager", "peer_auditor", "practitioner", "senior_manager"):
        client.force_login(getattr(world.users, name))
        pages[name] = client.get(reverse("home")).content.decode()
    assert "Learning note: Case C0000001" in pages["team_manager"]
    assert "Learning note: Case C0000001" in pages["peer_auditor"]
    assert "Feedback from the audit of case C0000001" in pages["practitioner"]
    assert "Put dates against every action" in pages["practitioner"]
    assert "Follow-up reviews" in pages["senior_manager"]


def test_the_learning_summary_counts_themes_by_team_and_area(client, moderation, world):
    from moderation import services

    from .conftest import moderate

    theme = services.learning_theme_create(by=world.users.qa_officer, name="Plans without dates")
    moderate(moderation, themes=[theme])
    services.grading_themes_set(
        case_audit=moderation.case_audit, by=world.users.team_manager, themes=[theme]
    )
    client.force_login(world.users.director)
    page = client.get(reverse("moderation:learning") + "?month=2026-10").content.decode()
    assert "Plans without dates" in page
    assert "Safeguarding A" in page
    assert "1 audit of October 2026 has at least one theme." in page
    assert TODAY  # the summary is by the audit's month, not today's


@pytest.fixture
def partly_agreed(case_audit):
    """The auditors gave the first two domains the same grade and differ on the rest."""
    from moderation import services

    from .conftest import grade_both

    grade_both(
        case_audit,
        manager=Grade.GOOD,
        peer=Grade.REQUIRES_IMPROVEMENT,
        peer_domains={0: Grade.GOOD, 1: Grade.GOOD},
    )
    return services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)


def _record_data(domains, grades) -> dict:
    data = {
        "held_on_0": "16",
        "held_on_1": "11",
        "held_on_2": "2026",
        "overall_grade": Grade.REQUIRES_IMPROVEMENT,
        "rationale": "No dates in the plan.",
        "note_to_team_manager": "Check the dates.",
        "note_to_peer_auditor": "Good evidence.",
    }
    for domain, grade in zip(domains, grades, strict=True):
        if grade:
            data[f"domain_{domain.pk}"] = grade
    return data


def test_the_moderation_form_folds_away_the_domains_both_auditors_graded_alike(
    client, partly_agreed, world
):
    client.force_login(world.users.senior_manager)
    response = client.get(reverse("moderation:record", args=[partly_agreed.pk]))
    form = response.context["form"]
    domains = domains_for(partly_agreed.case_audit)
    page = response.content.decode()
    assert "Agreed grades where the auditors differ" in page
    assert "2 domains where both auditors gave the same grade" in page
    assert '<details class="govuk-details" open>' not in page
    assert [form[f"domain_{d.pk}"].value() for d in domains[:2]] == [Grade.GOOD, Grade.GOOD]
    assert all(form[f"domain_{d.pk}"].value() is None for d in domains[2:])
    # The folded domains come after every domain that still needs a decision.
    assert page.index(f'name="domain_{domains[-1].pk}"') < page.index(
        f'name="domain_{domains[0].pk}"'
    )

    # A browser sends the folded grades as they are; the moderator chose the rest.
    grades = [Grade.GOOD, Grade.GOOD] + [Grade.REQUIRES_IMPROVEMENT] * (len(domains) - 2)
    response = client.post(
        reverse("moderation:record", args=[partly_agreed.pk]), _record_data(domains, grades)
    )
    assert response.status_code == 302
    partly_agreed.refresh_from_db()
    assert partly_agreed.status == Moderation.Status.MODERATED


def test_a_folded_domain_left_without_a_grade_opens_with_its_error(client, partly_agreed, world):
    client.force_login(world.users.senior_manager)
    domains = domains_for(partly_agreed.case_audit)
    grades = [None, Grade.GOOD] + [Grade.REQUIRES_IMPROVEMENT] * (len(domains) - 2)
    response = client.post(
        reverse("moderation:record", args=[partly_agreed.pk]), _record_data(domains, grades)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(f"Choose the agreed grade for {domains[0].title.lower()}") in page
    assert page.count('<details class="govuk-details" open>') == 1
    partly_agreed.refresh_from_db()
    assert partly_agreed.status != Moderation.Status.MODERATED
