"""My work is kept in the cache between pages, and never shows what a change has made untrue."""

from django.urls import reverse

from audits.models import Grading
from qaf.roles import Role
from tests.factories import UserFactory

from .conftest import submit_all


def _case_listed(client, case_audit) -> bool:
    return f"Case {case_audit.child.child_id}" in client.get(reverse("home")).text


def test_a_second_page_reads_nothing_the_first_worked_out(
    client, world, case_audit, django_assert_max_num_queries
):
    client.force_login(world.users.team_manager)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("home"))
    with django_assert_max_num_queries(30) as second:
        client.get(reverse("home"))
    # Session, person, roles and unread messages only: no provider's query is run again.
    assert len(second.captured_queries) <= len(first.captured_queries) - 3


def test_submitting_a_grading_takes_the_case_off_my_work_at_once(client, world, case_audit):
    client.force_login(world.users.team_manager)
    assert _case_listed(client, case_audit)
    submit_all(case_audit, world.users.team_manager)
    assert not _case_listed(client, case_audit)


def test_another_persons_change_shows_on_my_next_page(client, world, case_audit):
    from audits.services.grading import case_audit_assign

    newcomer = UserFactory(username="new-peer", roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR])
    client.force_login(newcomer)
    assert not _case_listed(client, case_audit)
    case_audit_assign(
        case_audit=case_audit,
        role=Grading.Role.PEER_AUDITOR,
        auditor=newcomer,
        by=world.users.qa_officer,
    )
    assert _case_listed(client, case_audit)


def test_with_no_cache_time_my_work_is_worked_out_every_time(
    client, world, case_audit, settings, django_assert_max_num_queries
):
    settings.QAF_MY_WORK_CACHE_SECONDS = 0
    client.force_login(world.users.team_manager)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("home"))
    with django_assert_max_num_queries(30) as second:
        client.get(reverse("home"))
    assert len(second.captured_queries) == len(first.captured_queries)


def test_a_new_role_is_seen_at_once(client, world):
    from qaf.roles import role_group

    person = UserFactory(username="someone", roles=[Role.PRACTITIONER])
    client.force_login(person)
    assert "As team manager" not in client.get(reverse("home")).text
    person.groups.add(role_group(Role.TEAM_MANAGER))
    assert "As team manager" in client.get(reverse("home")).text


def test_joining_a_team_shows_its_alerts_at_once(client, world):
    from django.utils import timezone

    from casework.models import TeamMembership
    from feedback.models import SafeguardingAlert
    from tests.factories import TeamMembershipFactory

    now = timezone.now()
    SafeguardingAlert.objects.create(
        child=world.child,
        team=world.team_a,
        question_text="Do you feel safe at home?",
        answer_text="No",
        reason=SafeguardingAlert.Reason.choices[0][0],
        raised_at=now,
        escalate_after=now + timezone.timedelta(days=1),
    )
    manager = UserFactory(username="new-manager", roles=[Role.TEAM_MANAGER])
    client.force_login(manager)
    assert "answer needs checking" not in client.get(reverse("home")).text
    TeamMembershipFactory(user=manager, team=world.team_a, role=TeamMembership.Role.MANAGER)
    assert "answer needs checking" in client.get(reverse("home")).text
