"""Monthly whole-service sampling, rule by rule (DESIGN.md, "Monthly whole-service sampling")."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from audits.models import AuditorCapacity, AuditRound, CaseAudit, TeamSampleSize
from audits.services import sample_month
from audits.services.sampling import seed_for
from audits.tasks import monthly_sampling
from casework.models import Episode, TeamMembership
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import ServiceAreaFactory, TeamMembershipFactory, UserFactory

from .conftest import make_team, open_case

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def service(template, settings):
    """Three teams whose managers are peer auditors for each other, six open cases each."""
    settings.QAF_AUDIT_CASES_PER_TEAM = 3
    settings.QAF_AUDIT_PEER_CAPACITY = 10
    area = ServiceAreaFactory(name="Whole service")
    teams = {name: make_team(name, area=area) for name in ("North", "South", "West")}
    kinds = [Episode.Kind.CIN, Episode.Kind.CP, Episode.Kind.CLA]
    for staffed in teams.values():
        for number in range(6):
            open_case(staffed.team, staffed.worker, kind=kinds[number % 3])
    return teams


def sampled(period=NOVEMBER):
    return list(
        CaseAudit.objects.filter(round__period=period).select_related("team", "episode", "child")
    )


def test_every_team_is_sampled_with_its_own_number_of_cases(service):
    TeamSampleSize.objects.create(team=service["South"].team, cases_per_month=2)
    TeamSampleSize.objects.create(team=service["West"].team, cases_per_month=4)
    result = sample_month(period=NOVEMBER)
    assert result.created
    assert result.per_team() == {"North": 3, "South": 2, "West": 4}
    assert Counter(a.team.name for a in sampled()) == {"North": 3, "South": 2, "West": 4}


def test_a_team_with_fewer_open_cases_gives_every_one_and_a_team_with_none_gives_none(service):
    TeamSampleSize.objects.create(team=service["North"].team, cases_per_month=10)
    empty = make_team("Empty", manager_is_peer=False)
    result = sample_month(period=NOVEMBER)
    assert result.per_team()["North"] == 6
    assert result.per_team()[empty.team.name] == 0


def test_the_sample_is_spread_over_case_types(service):
    sample_month(period=NOVEMBER)
    for staffed in service.values():
        kinds = [a.case_kind for a in sampled() if a.team == staffed.team]
        assert sorted(kinds) == sorted([Episode.Kind.CIN, Episode.Kind.CP, Episode.Kind.CLA])


def test_the_draw_is_recorded_with_its_seed_and_can_be_reproduced(service):
    preview = sample_month(period=NOVEMBER, dry_run=True)
    assert not AuditRound.objects.exists(), "a dry run saves nothing"
    drawn = sample_month(period=NOVEMBER)
    assert drawn.round.seed == seed_for(NOVEMBER) == preview.seed
    assert [(p.child_pk, p.peer_auditor_pk) for p in preview.planned] == [
        (p.child_pk, p.peer_auditor_pk) for p in drawn.planned
    ]
    # Drawing again from the recorded seed, on the same data, gives the same cases.
    first = {a.child_id for a in sampled()}
    Notification.objects.all().delete()
    CaseAudit.history.all().delete()
    CaseAudit.objects.all().delete()
    AuditRound.objects.all().delete()
    sample_month(period=NOVEMBER)
    assert {a.child_id for a in sampled()} == first
    assert seed_for(dt.date(2026, 12, 1)) != seed_for(NOVEMBER)


def test_cases_audited_in_the_twelve_months_before_are_not_sampled(template, settings):
    settings.QAF_AUDIT_CASES_PER_TEAM = 10
    north, south = make_team("North"), make_team("South")
    twelve_months_ago = open_case(north.team, north.worker, child_id="AUDITED-12")
    thirteen_months_ago = open_case(north.team, north.worker, child_id="AUDITED-13")
    never = open_case(north.team, north.worker, child_id="NEVER")
    open_case(south.team, south.worker)
    sample_month(period=dt.date(2025, 10, 1))  # thirteen months before November 2026
    CaseAudit.objects.filter(round__period=dt.date(2025, 10, 1)).exclude(
        child=thirteen_months_ago
    ).delete()
    sample_month(period=dt.date(2025, 11, 1))  # twelve months before
    CaseAudit.objects.filter(round__period=dt.date(2025, 11, 1)).exclude(
        child=twelve_months_ago
    ).delete()

    sample_month(period=NOVEMBER)
    children = {a.child for a in sampled() if a.team == north.team}
    assert twelve_months_ago not in children
    assert {thirteen_months_ago, never} <= children


def test_closed_cases_and_episodes_that_are_not_cases_are_never_sampled(template, settings):
    settings.QAF_AUDIT_CASES_PER_TEAM = 10
    north, _south = make_team("North"), make_team("South")
    open_one = open_case(north.team, north.worker)
    open_case(north.team, north.worker, end_date=dt.date(2026, 9, 30))
    open_case(north.team, north.worker, kind=Episode.Kind.ASSESSMENT)
    sample_month(period=NOVEMBER)
    assert [a.child for a in sampled()] == [open_one]


def test_a_child_with_two_open_episodes_is_one_case_in_the_team_of_the_latest(template):
    north, south = make_team("North"), make_team("South")
    child = open_case(north.team, north.worker, kind=Episode.Kind.CIN)
    Episode.objects.create(
        child=child, team=south.team, kind=Episode.Kind.CP, start_date=dt.date(2026, 6, 1)
    )
    sample_month(period=NOVEMBER)
    (audit,) = sampled()
    assert (audit.team, audit.case_kind) == (south.team, Episode.Kind.CP)


def test_the_team_manager_grades_and_the_peer_auditor_comes_from_another_team(service):
    # A practitioner in North who is also a peer auditor must not audit North's cases.
    insider = UserFactory(username="north-insider", roles=[Role.PEER_AUDITOR])
    TeamMembershipFactory(user=insider, team=service["North"].team)
    sample_month(period=NOVEMBER)
    for audit in sampled():
        staffed = service[audit.team.name]
        assert audit.team_manager == staffed.manager
        assert audit.peer_auditor is not None
        assert audit.peer_auditor != staffed.manager
        if audit.team == service["North"].team:
            assert audit.peer_auditor != insider
        assert not TeamMembership.objects.filter(
            user=audit.peer_auditor, team=audit.team, end_date__isnull=True
        ).exists()


def test_the_peer_auditor_is_never_the_social_worker_nor_their_line_manager(template):
    """A case of North held by a worker who sits in South: South's manager line-manages them."""
    north, south, west = make_team("North"), make_team("South"), make_team("West")
    borrowed = UserFactory(username="borrowed", roles=[Role.PRACTITIONER, Role.PEER_AUDITOR])
    TeamMembershipFactory(user=borrowed, team=south.team)
    child = open_case(north.team, borrowed)
    open_case(south.team, south.worker)
    open_case(west.team, west.worker)
    sample_month(period=NOVEMBER)
    audit = CaseAudit.objects.get(child=child)
    assert audit.social_worker == borrowed
    assert audit.peer_auditor == west.manager


def test_no_eligible_peer_auditor_leaves_the_case_for_the_qa_officer_with_the_reason(template):
    qa = UserFactory(username="qa", roles=[Role.QA_OFFICER])
    north = make_team("North")
    child = open_case(north.team, north.worker)
    result = sample_month(period=NOVEMBER)
    audit = CaseAudit.objects.get(child=child)
    assert audit.peer_auditor is None
    assert "No peer auditor works outside this team" in audit.assignment_note
    assert [item.child_pk for item in result.needing_assignment] == [child.pk]
    assert Notification.objects.filter(recipient=qa, subject__contains="need an auditor").exists()


def test_peer_auditors_are_chosen_least_loaded_first_and_never_beyond_their_capacity(
    template, settings
):
    settings.QAF_AUDIT_CASES_PER_TEAM = 6
    north = make_team("North")
    south, west = make_team("South"), make_team("West")
    for _ in range(6):
        open_case(north.team, north.worker)
    AuditorCapacity.objects.create(auditor=south.manager, audits_per_month=1)
    AuditorCapacity.objects.create(auditor=west.manager, audits_per_month=3)
    sample_month(period=NOVEMBER)
    loads = Counter(a.peer_auditor for a in sampled())
    assert loads == {west.manager: 3, south.manager: 1, None: 2}
    full = [a for a in sampled() if a.peer_auditor is None]
    assert all("at their monthly capacity" in a.assignment_note for a in full)


def test_the_load_is_spread_evenly_when_capacity_allows(template, settings):
    settings.QAF_AUDIT_CASES_PER_TEAM = 6
    north, south, west = make_team("North"), make_team("South"), make_team("West")
    for _ in range(6):
        open_case(north.team, north.worker)
    sample_month(period=NOVEMBER)
    assert Counter(a.peer_auditor for a in sampled()) == {south.manager: 3, west.manager: 3}


def test_a_team_without_a_manager_is_listed_for_the_qa_officer(template):
    north, _south = make_team("North"), make_team("South")
    TeamMembership.objects.filter(user=north.manager).update(end_date=dt.date(2026, 1, 1))
    child = open_case(north.team, north.worker)
    result = sample_month(period=NOVEMBER)
    audit = CaseAudit.objects.get(child=child)
    assert audit.team_manager is None
    assert "has no team manager" in audit.assignment_note
    assert child.pk in [item.child_pk for item in result.needing_assignment]


def test_running_the_sampling_twice_for_a_month_changes_nothing(service):
    first = sample_month(period=NOVEMBER)
    messages = Notification.objects.count()
    history = CaseAudit.history.count()
    second = sample_month(period=NOVEMBER)
    assert not second.created
    assert second.round == first.round
    assert AuditRound.objects.count() == 1
    assert len(sampled()) == first.total == second.total
    assert Notification.objects.count() == messages
    assert CaseAudit.history.count() == history


def test_each_auditor_is_told_once_how_many_cases_they_have(service):
    sample_month(period=NOVEMBER)
    north_manager = service["North"].manager
    as_manager = CaseAudit.objects.filter(team_manager=north_manager).count()
    as_peer = CaseAudit.objects.filter(peer_auditor=north_manager).count()
    (message,) = Notification.objects.filter(recipient=north_manager)
    assert message.subject == f"{as_manager + as_peer} cases to audit by 30 November 2026"
    assert message.dedupe_key == "audits:round:2026-11:assigned"


def test_gradings_are_due_on_the_last_working_day_of_the_month(service):
    # 31 January 2027 is a Sunday: the last working day is Friday 29 January.
    result = sample_month(period=dt.date(2027, 1, 1))
    assert result.round.due_date == dt.date(2027, 1, 29)
    assert {a.due_date for a in sampled(dt.date(2027, 1, 1))} == {dt.date(2027, 1, 29)}


def test_the_command_samples_a_month_and_says_how_many_per_team(service, capsys):
    call_command("run_monthly_sampling", "--period", "2026-11", "--dry-run")
    assert "Dry run: November 2026 would sample 9 cases from all 3 teams" in capsys.readouterr().out
    assert not AuditRound.objects.exists()

    call_command("run_monthly_sampling", "--period", "2026-11")
    out = capsys.readouterr().out
    assert "Sampled November 2026: 9 cases from all 3 teams" in out
    assert "  North  3" in out

    call_command("run_monthly_sampling", "--period", "2026-11")
    assert "was already sampled" in capsys.readouterr().out
    assert AuditRound.objects.count() == 1


def test_the_command_refuses_a_period_that_is_not_a_month(template):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Write it as YYYY-MM"):
        call_command("run_monthly_sampling", "--period", "November")


def test_the_scheduled_job_waits_for_the_first_working_day_then_samples_once(service):
    # 1 November 2026 is a Sunday; the first working day is Monday 2 November.
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        assert monthly_sampling.delay().get() is None
    assert not AuditRound.objects.exists()
    with time_machine.travel(dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC), tick=False):
        assert monthly_sampling.delay().get() == 9
        assert monthly_sampling.delay().get() == 9
    assert AuditRound.objects.get().period == NOVEMBER


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_sampling_runs_at_the_same_moment_yield_one_sample(service):
    """Two workers start the same month together on PostgreSQL: one draws, one finds it done."""
    import threading

    from tests.conftest import require_or_skip

    require_or_skip(
        connection.vendor == "postgresql",
        what="PostgreSQL (DATABASE_URL)",
        env_var="QAF_REQUIRE_SERVICES",
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(sample_month(period=NOVEMBER))
        except Exception as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(result.created for result in results) == [False, True]
    assert AuditRound.objects.count() == 1
    assert CaseAudit.objects.count() == 9
    assert results[0].total == results[1].total == 9


def build_service(teams: int, cases: int) -> list:
    area = ServiceAreaFactory(name="Whole service")
    kinds = [Episode.Kind.CIN, Episode.Kind.CP, Episode.Kind.CLA]
    staffed = [make_team(f"Team {number}", area=area) for number in range(teams)]
    for team in staffed:
        for number in range(cases):
            open_case(team.team, team.worker, kind=kinds[number % 3])
    return staffed


@pytest.mark.parametrize(("teams", "cases"), [(2, 3), (6, 12)])
def test_sampling_and_telling_everyone_takes_the_same_queries_however_big_the_service(
    template,
    settings,
    teams,
    cases,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    settings.QAF_AUDIT_CASES_PER_TEAM = 3
    build_service(teams, cases)
    UserFactory(username="qa", roles=[Role.QA_OFFICER], email="qa@example.org")

    # 23 queries (one of them who is on leave in the month), and one more on PostgreSQL for the
    # advisory lock.
    with (
        django_assert_max_num_queries(24),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = sample_month(period=NOVEMBER)

    assert CaseAudit.objects.filter(round=result.round).count() == teams * 3
    assert CaseAudit.history.filter(round_id=result.round.pk).count() == teams * 3
    # Every team manager grades their own team's cases and peer-audits someone else's.
    assert len(mailoutbox) == teams
    assert Notification.objects.filter(emailed_at__isnull=False).count() == teams


def test_each_auditor_is_sent_one_message_listing_their_cases(service, mailoutbox):
    sample_month(period=NOVEMBER)

    north_manager = service["North"].manager
    (message,) = Notification.objects.filter(recipient=north_manager)
    audits = CaseAudit.objects.filter(
        Q(team_manager=north_manager) | Q(peer_auditor=north_manager)
    ).select_related("child")
    for case_audit in audits:
        assert case_audit.child.child_id in message.body
    assert "(as team manager)" in message.body
    assert "(as peer auditor)" in message.body
    assert case_audit.child.display_name not in message.body
    # Nothing is emailed until the round is saved.
    assert mailoutbox == []


def test_the_round_is_emailed_once_after_it_is_saved_and_a_redelivery_sends_nothing(
    service, django_capture_on_commit_callbacks, mailoutbox
):
    from qaf.tasks import notification_email_many

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sample_month(period=NOVEMBER)

    from qaf import work

    assert len([callback for callback in callbacks if callback is not work._bump]) == 1
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        team.manager.email for team in service.values()
    )
    assert notification_email_many(list(Notification.objects.values_list("pk", flat=True))) == 0
    assert len(mailoutbox) == 3


def test_the_scheduled_job_samples_a_named_month_once_whatever_the_date(service):
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        assert monthly_sampling.delay(period="2027-01").get() == 9
        assert monthly_sampling.delay(period="2027-01").get() == 9
    assert AuditRound.objects.get().period == dt.date(2027, 1, 1)
