"""Every list of the loop makes the same number of queries for 3 rows as for 30."""

import pytest
from django.urls import reverse

from audits.models import CaseAudit, Grade
from casework.models import Episode
from moderation import services
from moderation.models import FinalGrade
from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory

from .conftest import TODAY, graded_quickly, moderate

pytestmark = pytest.mark.django_db


def build_loops(world, case_audit, count: int) -> None:
    """``count`` of team A's cases taken round the loop: each has a moderation, a final grade,
    an action, feedback, themes, a follow-up review, an escalation and a learning activity."""
    users = world.users
    theme = services.learning_theme_create(by=users.qa_officer, name=f"Theme {count}")
    for number in range(count):
        child = ChildFactory(child_id=f"C8{count:02d}{number:04d}")
        EpisodeFactory(child=child, team=world.team_a, kind=Episode.Kind.CIN)
        AllocationFactory(child=child, worker=users.practitioner, team=world.team_a)
        audit = CaseAudit.objects.create(
            round=case_audit.round,
            child=child,
            case_kind=Episode.Kind.CIN,
            team=world.team_a,
            social_worker=users.practitioner,
            team_manager=users.team_manager,
            peer_auditor=users.peer_auditor,
            due_date=case_audit.due_date,
        )
        graded_quickly(audit, manager=Grade.GOOD, peer=Grade.INADEQUATE)
        moderation = moderate(
            services.case_audit_route(case_audit_id=audit.pk, today=TODAY), themes=[theme]
        )
        services.grading_themes_set(case_audit=audit, by=users.team_manager, themes=[theme])
        final = FinalGrade.objects.get(case_audit=audit)
        services.action_add(
            case_audit=audit,
            by=users.team_manager,
            description=f"Action {number}",
            owner=users.practitioner,
            due_date=final.follow_up_due,
        )
        services.practitioner_feedback_send(
            case_audit=audit, by=users.team_manager, going_well="x", to_improve="y"
        )
        review, _ = services.follow_up_review_create(final_grade=final, today=final.follow_up_due)
        services.escalation_raise(
            key=f"budget:{audit.pk}",
            kind="follow_up_overdue",
            case_audit=audit,
            reason="Late.",
        )
        services.learning_activity_record(
            by=users.qa_officer,
            theme=theme,
            kind="briefing",
            title=f"Briefing {number}",
            held_on=TODAY,
            attendance=5,
        )
        assert moderation.pk and review.pk
    # And as many waiting for the senior manager's moderation.
    for number in range(count):
        child = ChildFactory(child_id=f"C7{count:02d}{number:04d}")
        audit = CaseAudit.objects.create(
            round=case_audit.round,
            child=child,
            case_kind=Episode.Kind.CIN,
            team=world.team_a,
            social_worker=users.practitioner,
            team_manager=users.team_manager,
            peer_auditor=users.peer_auditor,
            due_date=case_audit.due_date,
        )
        graded_quickly(audit, manager=Grade.GOOD, peer=Grade.INADEQUATE)
        services.case_audit_route(case_audit_id=audit.pk, today=TODAY)


PAGES = [
    ("moderation:list", "", "senior_manager"),
    ("moderation:list", "", "qa_officer"),
    ("moderation:list", "?status=moderated", "director"),
    ("moderation:actions", "", "practitioner"),
    ("moderation:actions", "?status=", "team_manager"),
    ("moderation:actions", "?status=", "senior_manager"),
    ("moderation:feedback_list", "", "practitioner"),
    ("moderation:feedback_list", "", "team_manager"),
    ("moderation:follow_ups", "", "senior_manager"),
    ("moderation:escalations", "", "senior_manager"),
    ("moderation:learning", "?month=2026-10", "director"),
    ("moderation:themes", "", "qa_officer"),
    ("moderation:activities", "", "team_manager"),
    ("moderation:notes", "", "team_manager"),
    ("moderation:notes", "", "peer_auditor"),
    ("home", "", "senior_manager"),
    ("home", "", "team_manager"),
    ("home", "", "practitioner"),
    ("home", "", "qa_officer"),
]


# Queries per page, whatever the number of rows: the session, the user and their roles, the
# menu, then the page's own reads (each list is one query for its rows and one to count them),
# and one insert logging the children the list names.
BUDGET = {
    "moderation:list": 9,
    "moderation:actions": 9,
    "moderation:feedback_list": 9,
    "moderation:follow_ups": 9,
    "moderation:escalations": 9,
    "moderation:learning": 15,
    "moderation:themes": 7,
    "moderation:activities": 8,
    "moderation:notes": 8,
    "moderation:to_give": 8,
    "home": 12,  # My work: every app's sections
}


@pytest.mark.parametrize("rows", [3, 30])
def test_lists_keep_their_query_budget_from_3_to_30_rows(
    client, world, case_audit, django_assert_max_num_queries, rows
):
    build_loops(world, case_audit, rows)
    for name, query, role in PAGES:
        client.force_login(getattr(world.users, role))
        url = reverse(name) + query
        client.get(url)  # the first request of a session writes it; measure the next
        with django_assert_max_num_queries(BUDGET[name], info=f"{role} on {url}"):
            response = client.get(url)
        assert response.status_code == 200, url
        if name != "home" and rows == 30:
            assert b"govuk-table__row" in response.content or b"qaf-mod-action" in response.content
