"""Who may open an audit, the access log, My work, the QA officer's round, and query budgets."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditRound, CaseAudit, Grade
from audits.selectors import domains_for
from audits.services import grading_domain_save, sample_month
from casework.models import ChildAccessLog, TeamMembership
from qaf.roles import Role
from tests.factories import ServiceAreaFactory, TeamFactory, TeamMembershipFactory, UserFactory

from .conftest import PERIOD, open_case, submit_all

pytestmark = pytest.mark.django_db


def test_an_audit_role_that_may_not_open_this_audit_gets_404_not_403(client, world, case_audit):
    other_area = ServiceAreaFactory(name="Children in care")
    stranger_team = TeamFactory(name="Leaving Care", service_area=other_area)
    stranger = UserFactory(username="stranger", roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR])
    TeamMembershipFactory(user=stranger, team=stranger_team, role=TeamMembership.Role.MANAGER)
    other_senior = UserFactory(username="other-senior", roles=[Role.SENIOR_MANAGER])
    other_area.senior_managers.add(other_senior)
    for person in (stranger, other_senior):
        client.force_login(person)
        for name in ("audits:detail", "audits:history", "audits:concern_raise"):
            assert client.get(reverse(name, args=[case_audit.pk])).status_code == 404
        assert "C0000001" not in client.get(reverse("audits:list")).text


def test_a_manager_of_the_team_who_does_not_grade_the_case_can_still_open_it(
    client, world, case_audit
):
    deputy = UserFactory(username="deputy", roles=[Role.TEAM_MANAGER])
    TeamMembershipFactory(user=deputy, team=world.team_a, role=TeamMembership.Role.MANAGER)
    client.force_login(deputy)
    assert client.get(reverse("audits:detail", args=[case_audit.pk])).status_code == 200
    assert client.get(reverse("audits:grading", args=[case_audit.pk])).status_code == 403


def test_each_opening_of_an_audit_is_written_to_the_childs_access_log(client, world, case_audit):
    client.force_login(world.users.senior_manager)
    client.get(reverse("audits:detail", args=[case_audit.pk]))
    client.get(reverse("audits:detail", args=[case_audit.pk]))
    entries = ChildAccessLog.objects.filter(child=world.child, user=world.users.senior_manager)
    assert entries.count() == 2
    assert entries.first().context == f"case audit {case_audit.pk} (summary)"


def test_the_audit_list_logs_each_child_it_names_for_the_person_reading_it(
    client, world, case_audit
):
    client.force_login(world.users.senior_manager)

    assert "C0000001" in client.get(reverse("audits:list")).text

    entry = ChildAccessLog.objects.get(user=world.users.senior_manager)
    assert (entry.child, entry.child_ref, entry.context) == (world.child, "C0000001", "audit list")


def test_audit_pages_show_the_case_id_and_display_name_but_urls_use_the_audit(
    client, world, case_audit
):
    client.force_login(world.users.team_manager)
    page = client.get(reverse("audits:detail", args=[case_audit.pk])).text
    assert "Case C0000001, Alfie" in page
    assert "C0000001" not in reverse("audits:detail", args=[case_audit.pk])


def test_my_work_lists_each_auditors_cases_with_their_deadlines(client, world, case_audit):
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.peer_auditor)
        page = client.get(reverse("home")).text
    assert "Cases to audit as a peer auditor" in page
    assert "Case C0000001 (child protection)" in page
    assert "Due 30 October 2026" in page
    assert "Not started" in page

    grading_domain_save(
        case_audit=case_audit,
        by=world.users.peer_auditor,
        domain=domains_for(case_audit)[0],
        grade=Grade.GOOD,
        evidence="",
    )
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.peer_auditor)
        page = client.get(reverse("home")).text
        assert "Overdue" in page
        assert "Draft saved" not in page  # the overdue tag takes the status's place
        submit_all(case_audit, world.users.peer_auditor)
        assert "C0000001" not in client.get(reverse("home")).text


def test_my_work_tells_the_qa_officer_how_many_of_this_months_cases_need_an_auditor(
    client, world, template
):
    # Team B's only case can have no peer: the one peer auditor manages team B.
    open_case(world.team_b, None, child_id="B0000001")
    audit_round = sample_month(period=PERIOD).round
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.qa_officer)
        page = client.get(reverse("home")).text
    assert "1 case needs an auditor" in page
    assert reverse("audits:round", args=[audit_round.pk]) in page
    assert "Progress of the October 2026 round" in page


def test_my_work_says_when_an_auditor_has_saved_a_draft(client, world, case_audit):
    grading_domain_save(
        case_audit=case_audit,
        by=world.users.team_manager,
        domain=domains_for(case_audit)[0],
        grade=Grade.GOOD,
        evidence="",
    )
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.team_manager)
        page = client.get(reverse("home")).text
    assert "Cases to grade" in page
    assert "Case C0000001 (child protection)" in page
    assert "Draft saved" in page


def test_the_qa_officer_sees_the_rounds_progress_per_team_and_what_needs_a_hand(
    client, world, template
):
    # Team B's only case can have no peer: the one peer auditor manages team B.
    open_case(world.team_b, None, child_id="B0000001")
    audit_round = sample_month(period=PERIOD).round
    submit_all(CaseAudit.objects.get(child=world.child), world.users.team_manager)
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("audits:round", args=[audit_round.pk])).text
    assert "Progress by team" in page
    assert "Graded by one" in page
    assert "Cases that need an auditor" in page
    assert "B0000001" in page
    assert "No peer auditor works outside this team" in page
    filtered = client.get(reverse("audits:round", args=[audit_round.pk]), {"team": world.team_b.pk})
    assert "Cases in Safeguarding B" in filtered.text
    home = client.get(reverse("home")).text
    assert "Audit rounds" in home


def test_the_qa_officer_can_preview_next_months_sample_from_the_rounds_page(
    client, world, template
):
    client.force_login(world.users.qa_officer)
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("audits:rounds")).text
        link = reverse("audits:round_sample") + "?period=2026-12"
        assert f'href="{link}"' in page
        assert "Preview next month's sample (December 2026)" in page
        preview = client.get(link)
    assert preview.status_code == 200
    assert "Sample December 2026" in preview.text
    assert not AuditRound.objects.filter(period=dt.date(2026, 12, 1)).exists()


def test_the_preview_link_goes_once_next_month_is_sampled_and_directors_never_see_it(
    client, world, template
):
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.users.director)
        assert "Preview next month" not in client.get(reverse("audits:rounds")).text
        sample_month(period=dt.date(2026, 12, 1))
        client.force_login(world.users.qa_officer)
        assert "Preview next month" not in client.get(reverse("audits:rounds")).text


def _with_cases(world, settings, count: int):
    settings.QAF_AUDIT_CASES_PER_TEAM = count
    settings.QAF_AUDIT_PEER_CAPACITY = count
    for _ in range(count - 1):
        open_case(world.team_a, world.users.practitioner)
    audit_round = sample_month(period=PERIOD).round
    for audit in CaseAudit.objects.filter(round=audit_round)[: count // 3]:
        submit_all(audit, world.users.team_manager)
    return audit_round


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url_name", "budget"),
    [
        ("qa_officer", "audits:list", 12),
        ("peer_auditor", "audits:list", 12),
        ("qa_officer", "audits:round", 12),
        ("director", "audits:rounds", 12),
        # My work also holds the other apps' sections (moderation adds up to three queries).
        ("peer_auditor", "home", 12),
        ("qa_officer", "home", 12),
    ],
)
def test_lists_keep_their_query_budget_as_the_data_grows(
    client, world, template, settings, django_db_blocker, role, url_name, budget
):
    client.force_login(getattr(world.users, role))
    small_round = _with_cases(world, settings, 3)
    url = (
        reverse(url_name, args=[small_round.pk])
        if url_name == "audits:round"
        else reverse(url_name)
    )
    small = _queries(client, url)
    CaseAudit.objects.all().delete()
    small_round.delete()
    large_round = _with_cases(world, settings, 30)
    url = (
        reverse(url_name, args=[large_round.pk])
        if url_name == "audits:round"
        else reverse(url_name)
    )
    large = _queries(client, url)
    assert small == large <= budget, (small, large)


def test_the_audit_page_keeps_its_query_budget_with_many_conversations(
    client, world, case_audit, django_assert_max_num_queries
):
    from audits.models import Conversation
    from audits.services import conversation_record, safeguarding_concern_raise

    for number in range(10):
        conversation_record(
            case_audit=case_audit,
            by=world.users.peer_auditor,
            person=Conversation.Person.SOCIAL_WORKER,
            held_on=dt.date(2026, 10, 5),
            method=Conversation.Method.PHONE,
            in_their_words=f"Conversation {number}",
        )
        safeguarding_concern_raise(
            case_audit=case_audit, by=world.users.peer_auditor, concern=f"Concern {number}"
        )
    client.force_login(world.users.peer_auditor)
    with django_assert_max_num_queries(16):
        client.get(reverse("audits:detail", args=[case_audit.pk]))


def _add_peer_auditors(world, count: int, *, start: int = 0) -> None:
    """``count`` peer auditors who manage other teams, with a few others in the case's own team."""
    for number in range(start, start + count):
        peer = UserFactory(
            username=f"peer-{number}", full_name=f"Peer {number} Auditor", roles=[Role.PEER_AUDITOR]
        )
        team = world.team_a if number % 5 == 0 else TeamFactory(name=f"Team {number}")
        TeamMembershipFactory(user=peer, team=team, role=TeamMembership.Role.MANAGER)


def test_assigning_a_peer_auditor_takes_the_same_queries_for_7_or_30_candidates(
    client, world, case_audit
):
    client.force_login(world.users.qa_officer)
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    _add_peer_auditors(world, 7)
    few = _queries(client, url)
    _add_peer_auditors(world, 23, start=7)
    page = client.get(url).text
    many = _queries(client, url)

    assert few == many <= 14, (few, many)
    # Everyone independent of the case is offered; those in the case's own team are not.
    assert "Peer 6 Auditor" in page and "Peer 29 Auditor" in page
    assert "Peer 5 Auditor" not in page and "Peer 25 Auditor" not in page


def test_the_case_list_counts_gradings_by_key_not_by_grouping_every_joined_column(
    client, world, settings
):
    _with_cases(world, settings, 6)
    client.force_login(world.users.qa_officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("audits:list")).text

    assert "Graded by one" in page
    assert not [q for q in queries if 'GROUP BY "audits_caseaudit"' in q["sql"]]


def _assign_page(client, case_audit) -> str:
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def _without_the_list(page: str) -> str:
    """The page with the "Someone else" list's options taken out."""
    return re.sub(r"<option [^>]*>[^<]*</option>\s*", "", page)


def test_the_assign_page_offers_five_radios_and_a_list_however_many_peer_auditors_there_are(
    client, world, case_audit
):
    client.force_login(world.users.qa_officer)
    _add_peer_auditors(world, 30)
    few = _assign_page(client, case_audit)
    _add_peer_auditors(world, 120, start=30)
    many = _assign_page(client, case_audit)

    # Five people and "Someone else", both times; everyone independent is in the list.
    assert few.count('type="radio"') == many.count('type="radio"') == 6
    assert "Someone else" in many
    assert 'value="someone_else"' in many
    assert "Peer 149 Auditor" in many and "Peer 145 Auditor" not in many
    # Apart from the list's options the page is the same size, give or take the digits of the
    # five names on the radios.
    assert abs(len(_without_the_list(few)) - len(_without_the_list(many))) <= 20


def test_the_radios_are_the_least_loaded_peer_auditors_with_their_load_and_capacity(
    client, world, case_audit
):
    _add_peer_auditors(world, 12)
    busy = UserFactory(username="busy", full_name="Aaron Busy", roles=[Role.PEER_AUDITOR])
    TeamMembershipFactory(user=busy, team=TeamFactory(name="Far Team"))
    child = open_case(world.team_b)
    CaseAudit.objects.create(
        round=case_audit.round,
        child=child,
        case_kind=case_audit.case_kind,
        team=world.team_b,
        peer_auditor=busy,
        due_date=case_audit.due_date,
    )
    client.force_login(world.users.qa_officer)
    page = _assign_page(client, case_audit)
    radios, rest = page.split("Someone else</label>")

    assert "Aaron Busy" not in radios  # first by name, but already has a case this month
    assert "0 of 4 cases this month" in radios
    assert "Aaron Busy: 1 of 4 cases this month" in rest


def test_a_qa_officer_assigns_someone_from_the_list(client, world, case_audit):
    _add_peer_auditors(world, 12)
    chosen = UserFactory._meta.model.objects.get(username="peer-9")
    client.force_login(world.users.qa_officer)
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    response = client.post(
        url, {"role": "peer_auditor", "auditor": "someone_else", "someone_else": chosen.pk}
    )
    assert response.status_code == 302
    case_audit.refresh_from_db()
    assert case_audit.peer_auditor == chosen


def test_choosing_someone_else_without_picking_a_person_asks_for_one(client, world, case_audit):
    _add_peer_auditors(world, 12)
    client.force_login(world.users.qa_officer)
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    response = client.post(url, {"role": "peer_auditor", "auditor": "someone_else"})
    assert response.status_code == 200
    assert "Choose who will grade this case from the list" in response.text
    assert 'href="#id_someone_else"' in response.text
    case_audit.refresh_from_db()
    assert case_audit.peer_auditor == world.users.peer_auditor


def test_someone_from_the_case_s_own_team_cannot_be_slipped_in_through_the_list(
    client, world, case_audit
):
    _add_peer_auditors(world, 12)
    same_team = UserFactory._meta.model.objects.get(username="peer-5")  # manages the case's team
    client.force_login(world.users.qa_officer)
    url = reverse("audits:assign", args=[case_audit.pk]) + "?role=peer_auditor"
    response = client.post(
        url, {"role": "peer_auditor", "auditor": "someone_else", "someone_else": same_team.pk}
    )
    assert response.status_code == 200
    assert "Choose someone who can grade this case" in response.text
    case_audit.refresh_from_db()
    assert case_audit.peer_auditor == world.users.peer_auditor
