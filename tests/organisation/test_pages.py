"""The organisation pages: roles, memberships, leave and sampling, the checklist, query counts."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import AuditRound, CaseAudit
from audits.services import sample_month
from casework.models import TeamMembership
from organisation.models import Absence
from qaf.roles import Role
from tests.audits.conftest import make_team, open_case
from tests.factories import ServiceAreaFactory, UserFactory

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


def roles_post(client, person, roles, **extra):
    return client.post(
        reverse("organisation:person", args=[person.pk]),
        {"action": "roles", "roles-roles": [role.value for role in roles], **extra},
    )


def test_the_last_qa_officer_cannot_be_removed(qa_client, world):
    qa = world.users.qa_officer
    response = roles_post(qa_client, qa, [Role.DIRECTOR])
    assert response.status_code == 400
    assert "is the only QA officer" in response.text
    qa.refresh_from_db()
    assert qa.has_role(Role.QA_OFFICER)
    assert not qa.groups.filter(name=Role.DIRECTOR.value).exists(), "nothing half-saved"


def test_a_qa_officer_can_step_down_once_another_is_named(qa_client, world):
    other = world.users.director
    assert roles_post(qa_client, other, [Role.DIRECTOR, Role.QA_OFFICER]).status_code == 302
    qa = world.users.qa_officer
    assert roles_post(qa_client, qa, []).status_code == 302
    assert not qa.groups.filter(name=Role.QA_OFFICER.value).exists()


def test_choosing_a_peer_auditor_with_a_capacity_is_kept_in_history(qa_client, world):
    person = world.users.team_manager
    response = roles_post(
        qa_client, person, [Role.TEAM_MANAGER, Role.PEER_AUDITOR], **{"roles-capacity": "6"}
    )
    assert response.status_code == 302
    assert person.groups.filter(name=Role.PEER_AUDITOR.value).exists()
    capacity = person.audit_capacity
    assert capacity.audits_per_month == 6
    assert capacity.history.first().history_user == world.users.qa_officer
    page = qa_client.get(reverse("organisation:person", args=[person.pk])).text
    assert "Peer auditor given by" in page


def test_a_negative_capacity_is_a_clear_error(qa_client, world):
    response = roles_post(
        qa_client, world.users.team_manager, [Role.PEER_AUDITOR], **{"roles-capacity": "-1"}
    )
    assert response.status_code == 400
    assert "Cases a month cannot be less than 0" in response.text


def test_ending_a_membership_keeps_past_audits_as_they_were(qa_client, world, template):
    audit_round = AuditRound.objects.create(
        period=dt.date(2026, 10, 1), seed=1, due_date=dt.date(2026, 10, 30)
    )
    audit = CaseAudit.objects.create(
        round=audit_round,
        child=world.child,
        episode=world.episode,
        case_kind=world.episode.kind,
        team=world.team_a,
        social_worker=world.users.practitioner,
        team_manager=world.users.team_manager,
        due_date=audit_round.due_date,
    )
    membership = TeamMembership.objects.get(user=world.users.team_manager, team=world.team_a)
    url = reverse("organisation:membership_end", args=[membership.pk])
    early = qa_client.post(url, {"end_date_0": "1", "end_date_1": "1", "end_date_2": "2001"})
    assert "The end date must be on or after the start date" in early.text
    response = qa_client.post(url, {"end_date_0": "30", "end_date_1": "11", "end_date_2": "2026"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == dt.date(2026, 11, 30)
    assert membership.history.first().history_change_reason == "Left the team"
    audit.refresh_from_db()
    assert audit.team == world.team_a
    assert audit.team_manager == world.users.team_manager
    team_page = qa_client.get(reverse("organisation:team", args=[world.team_a.pk])).text
    assert "Past members" in team_page


def test_a_duplicate_team_name_is_refused(qa_client, world):
    response = qa_client.post(
        reverse("organisation:team_add"), {"name": "safeguarding a", "service_area": world.area.pk}
    )
    assert "There is already a team called safeguarding a" in response.text


def test_an_absence_that_ends_before_it_starts_is_refused(qa_client, world):
    person = world.users.peer_auditor
    response = qa_client.post(
        reverse("organisation:person", args=[person.pk]),
        {
            "action": "absence",
            "absence-kind": "annual_leave",
            "absence-start_date_0": "10",
            "absence-start_date_1": "11",
            "absence-start_date_2": "2026",
            "absence-end_date_0": "3",
            "absence-end_date_1": "11",
            "absence-end_date_2": "2026",
        },
    )
    assert response.status_code == 400
    assert "The last day must be on or after the first day" in response.text
    assert not Absence.objects.exists()


@pytest.fixture
def two_teams(template, settings):
    settings.QAF_AUDIT_CASES_PER_TEAM = 2
    settings.QAF_AUDIT_PEER_CAPACITY = 10
    area = ServiceAreaFactory(name="Whole service")
    teams = [make_team(name, area=area) for name in ("North", "South", "West")]
    for staffed in teams:
        for _ in range(2):
            open_case(staffed.team, staffed.worker)
    return teams


def test_sampling_skips_peer_auditors_on_leave_and_the_round_says_so(client, two_teams):
    north, south, west = two_teams
    Absence.objects.create(
        user=north.manager, start_date=dt.date(2026, 11, 9), end_date=dt.date(2026, 11, 20)
    )
    qa = UserFactory(username="qa", roles=[Role.QA_OFFICER])
    client.force_login(qa)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), tick=False):
        preview = client.get(reverse("audits:round_sample"), {"period": "2026-11"}).text
        assert "The draw would take up to 6 cases" in preview
        assert "Peer auditors not on leave can take 20" in preview
        assert f"On leave in November 2026, so given no cases: {north.manager}" in preview
        result = sample_month(period=NOVEMBER, by=qa)
        page = client.get(reverse("audits:round", args=[result.round.pk])).text
    peers = {audit.peer_auditor_id for audit in CaseAudit.objects.all()}
    assert north.manager.pk not in peers
    assert "were not given cases" in page
    assert str(north.manager) in page


def test_the_preview_warns_when_capacity_is_short(client, two_teams, settings):
    settings.QAF_AUDIT_PEER_CAPACITY = 1
    qa = UserFactory(username="qa", roles=[Role.QA_OFFICER])
    client.force_login(qa)
    preview = client.get(reverse("audits:round_sample"), {"period": "2026-11"}).text
    assert "That is 3 cases short" in preview


def test_the_checklist_ticks_each_step_from_the_data(qa_client, world, settings):
    settings.QAF_MY_WORK_CACHE_SECONDS = 0
    home = qa_client.get(reverse("home")).text
    assert "Set up the service" in home
    # The world has teams and a peer auditor; the default template is published.
    assert home.count("To do") == 3
    assert home.count("Done") >= 3


@pytest.mark.parametrize("name", ["organisation:people", "organisation:overview"])
def test_lists_make_the_same_number_of_queries_at_two_sizes(qa_client, world, name):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert qa_client.get(reverse(name)).status_code == 200
        return len(queries)

    small = count()
    area = ServiceAreaFactory(name="More")
    for number in range(12):
        staffed = make_team(f"Extra {number}", area=area, workers=2)
        Absence.objects.create(
            user=staffed.manager, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 1, 2)
        )
    assert count() == small
