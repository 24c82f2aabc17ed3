"""My work shows a section's most urgent items and links to the whole list, at any size."""

import pytest
from django.urls import reverse

from audits.models import CaseAudit, Grade
from casework.models import Episode
from moderation import services
from moderation.models import FinalGrade
from qaf.work import ITEMS_SHOWN
from tests.factories import ChildFactory

from .conftest import TODAY, graded_quickly, moderate
from .test_query_budgets import BUDGET

pytestmark = pytest.mark.django_db


def moderated_audits(world, case_audit, count: int) -> list[CaseAudit]:
    """``count`` of team A's cases graded differently and moderated: each waits for the team
    manager's actions and feedback, and each gave both auditors a learning note."""
    users = world.users
    audits = []
    for number in range(count):
        audit = CaseAudit.objects.create(
            round=case_audit.round,
            child=ChildFactory(child_id=f"C9{number:06d}"),
            case_kind=Episode.Kind.CIN,
            team=world.team_a,
            social_worker=users.practitioner,
            team_manager=users.team_manager,
            peer_auditor=users.peer_auditor,
            due_date=case_audit.due_date,
        )
        graded_quickly(audit, manager=Grade.GOOD, peer=Grade.INADEQUATE)
        moderate(services.case_audit_route(case_audit_id=audit.pk, today=TODAY))
        audits.append(audit)
    return audits


@pytest.mark.parametrize("count", [3, 30])
def test_my_work_keeps_its_size_and_queries_as_a_managers_work_grows(
    client, world, case_audit, django_assert_max_num_queries, count
):
    moderated_audits(world, case_audit, count)
    client.force_login(world.users.team_manager)
    client.get(reverse("home"))

    with django_assert_max_num_queries(12):
        page = client.get(reverse("home")).text

    shown = min(count, ITEMS_SHOWN)
    section = page.split("Actions and feedback to give")[1].split("<h3")[0]
    assert section.count('<li class="govuk-task-list__item') == shown
    if count > ITEMS_SHOWN:
        assert f"The {ITEMS_SHOWN} most urgent of {count}." in section
        assert f"See all {count}" in section
    else:
        assert "most urgent" not in section
    assert reverse("moderation:to_give") in section
    notes = page.split("Learning notes from moderation")[1].split("<h3")[0]
    assert notes.count('<li class="govuk-task-list__item') == shown
    assert reverse("moderation:notes") in notes
    with django_assert_max_num_queries(BUDGET["moderation:to_give"]):
        assert client.get(reverse("moderation:to_give")).status_code == 200


def test_my_work_keeps_the_soonest_due_when_it_shortens_a_section(client, world, case_audit):
    audits = moderated_audits(world, case_audit, ITEMS_SHOWN + 2)
    # The last audit's feedback is due first, the first's last.
    for days, audit in enumerate(reversed(audits)):
        FinalGrade.objects.filter(case_audit=audit).update(
            feedback_due=TODAY.replace(day=20 + days % 10)
        )
    client.force_login(world.users.team_manager)

    section = client.get(reverse("home")).text.split("Actions and feedback to give")[1]
    section = section.split("<h3")[0]

    assert audits[-1].child.child_id in section
    assert audits[0].child.child_id not in section


def test_the_team_manager_sees_every_audit_waiting_for_their_actions_and_feedback(
    client, world, case_audit
):
    audits = moderated_audits(world, case_audit, ITEMS_SHOWN + 2)
    client.force_login(world.users.team_manager)

    page = client.get(reverse("moderation:to_give")).text

    assert f"{ITEMS_SHOWN + 2} audits" in page
    for audit in audits:
        assert audit.child.child_id in page
    # The peer auditor manages another team: none of these are theirs.
    client.force_login(world.users.peer_auditor)
    assert "No audit is waiting" in client.get(reverse("moderation:to_give")).text


def test_an_auditor_sees_all_their_learning_notes_unread_first(client, world, case_audit):
    audits = moderated_audits(world, case_audit, 2)
    note = world.users.peer_auditor.learning_notes.get(moderation__case_audit=audits[0])
    services.learning_note_acknowledge(note=note, by=world.users.peer_auditor)
    client.force_login(world.users.peer_auditor)

    page = client.get(reverse("moderation:notes")).text

    assert "2 learning notes" in page
    assert page.index(audits[1].child.child_id) < page.index(audits[0].child.child_id)
    assert page.count("To read</strong>") == 1
    assert page.count(">Read</strong>") == 1
