"""Sampling benchmark: the monthly whole-service sampling at 1,000, 10,000 and 20,000 open cases.

Each size is built in its own copy of a scratch database: teams of a manager (who is also a peer
auditor for other teams) and four social workers, about a hundred open cases per team, each with
its allocated worker. The sampling then runs for one month at each size in turn, the sizes
alternating, and its round is deleted after each run (outside the timing), so every run does the
whole job: the draw, the audits and their history, the messages and their emails. It passes if
the median at 10,000 cases is under five seconds and the number of queries is the same at every
size. Run it with no REDIS_URL, so that the emails are sent in-process, as the figures assume.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta

from . import register, scratch

SIZES = (1_000, 10_000, 20_000)
CASES_PER_TEAM = 100
WORKERS_PER_TEAM = 4
REPEATS = 5
LIMIT_SECONDS = 5.0
LIMIT_AT = 10_000
PERIOD = date(2026, 11, 1)


def build_service(cases: int, *, seed: int = 1) -> dict:
    """Teams, staff and ``cases`` children with an open case each, in bulk."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from casework.models import Allocation, Child, Episode, ServiceArea, Team, TeamMembership
    from qaf.roles import Role, role_group

    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible on purpose
    user_model = get_user_model()
    teams_wanted = max(1, cases // CASES_PER_TEAM)
    areas = ServiceArea.objects.bulk_create(
        ServiceArea(name=f"Service area {number + 1}") for number in range(10)
    )
    teams = Team.objects.bulk_create(
        Team(name=f"Team {number + 1:03d}", service_area=areas[number % len(areas)])
        for number in range(teams_wanted)
    )
    password = make_password(None)
    started = date(2024, 4, 1)
    people, memberships = [], []
    for team in teams:
        people.append(
            user_model(
                username=f"manager-{team.pk}",
                full_name=f"Manager {team.pk}",
                email=f"manager-{team.pk}@bench.example",
                password=password,
            )
        )
        people.extend(
            user_model(
                username=f"worker-{team.pk}-{n}",
                full_name=f"Worker {team.pk}-{n}",
                email=f"worker-{team.pk}-{n}@bench.example",
                password=password,
            )
            for n in range(WORKERS_PER_TEAM)
        )
    user_model.objects.bulk_create(people, batch_size=500)
    by_name = dict(user_model.objects.values_list("username", "pk"))
    groups = user_model.groups.through
    manager_group = role_group(Role.TEAM_MANAGER).pk
    peer_group = role_group(Role.PEER_AUDITOR).pk
    worker_group = role_group(Role.PRACTITIONER).pk
    roles, workers_of = [], {}
    for team in teams:
        manager = by_name[f"manager-{team.pk}"]
        roles += [
            groups(user_id=manager, group_id=manager_group),
            groups(user_id=manager, group_id=peer_group),
        ]
        memberships.append(
            TeamMembership(
                user_id=manager, team=team, role=TeamMembership.Role.MANAGER, start_date=started
            )
        )
        workers_of[team.pk] = [by_name[f"worker-{team.pk}-{n}"] for n in range(WORKERS_PER_TEAM)]
        for worker in workers_of[team.pk]:
            roles.append(groups(user_id=worker, group_id=worker_group))
            memberships.append(TeamMembership(user_id=worker, team=team, start_date=started))
    groups.objects.bulk_create(roles, batch_size=1000)
    TeamMembership.objects.bulk_create(memberships, batch_size=1000)

    Child.objects.bulk_create(
        (
            Child(
                child_id=f"B{number:07d}",
                display_name=f"Child {number}",
                date_of_birth=date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000)),
            )
            for number in range(cases)
        ),
        batch_size=1000,
    )
    kinds = list(Episode.CASE_KINDS)
    episodes, allocations = [], []
    for position, child_pk in enumerate(Child.objects.order_by("pk").values_list("pk", flat=True)):
        team = teams[position % len(teams)]
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
        episodes.append(
            Episode(
                child_id=child_pk,
                kind=rng.choice(kinds),
                team=team,
                start_date=start,
                source_reference="bench",
            )
        )
        allocations.append(
            Allocation(
                child_id=child_pk,
                team=team,
                start_date=start,
                worker_id=rng.choice(workers_of[team.pk]),
            )
        )
    Episode.objects.bulk_create(episodes, batch_size=1000)
    Allocation.objects.bulk_create(allocations, batch_size=1000)
    return {"teams": len(teams), "cases": cases}


def _undo_round() -> None:
    from audits.models import AuditRound, CaseAudit
    from qaf.models import Notification

    Notification.objects.all().delete()
    CaseAudit.history.all().delete()
    CaseAudit.objects.all().delete()
    AuditRound.objects.all().delete()


def _sample() -> tuple[float, int]:
    """One sampling run: its seconds and the number of audits it made."""
    from audits.services.sampling import sample_month

    started = time.perf_counter()
    result = sample_month(period=PERIOD)
    seconds = time.perf_counter() - started
    assert result.created, "the month was already sampled"
    return seconds, result.total


@register("sampling", "Monthly sampling at 1k, 10k and 20k open cases")
def run(sizes: tuple[int, ...] = SIZES, repeats: int = REPEATS) -> dict:
    redis_url = os.environ.pop("REDIS_URL", None)
    try:
        return _run(sizes, repeats)
    finally:
        # The load benchmark, run after this one, starts gunicorn with Redis as production does.
        if redis_url is not None:
            os.environ["REDIS_URL"] = redis_url


def _run(sizes: tuple[int, ...], repeats: int) -> dict:
    with scratch.database(on_disk=True) as vendor:
        from django.conf import settings
        from django.core import mail
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from qaf.celery import app as celery_app

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        # The emails are part of the job timed: send them in-process even when an earlier
        # benchmark in the same run set Django up with a broker.
        celery_app.conf.task_always_eager = True
        mail.outbox = []
        databases, built = {}, {}
        empty = scratch.current()
        for size in sizes:
            scratch.use(empty)
            databases[size] = scratch.clone(f"s{size}")
            scratch.use(databases[size])
            started = time.perf_counter()
            built[size] = build_service(size)
            built[size]["build_seconds"] = round(time.perf_counter() - started, 1)

        queries, audits = {}, {}
        for size in sizes:  # a first run at each size, to warm up and count the queries
            scratch.use(databases[size])
            with CaptureQueriesContext(connection) as captured:
                _, audits[size] = _sample()
            queries[size] = len(captured)
            _undo_round()
        times: dict[int, list[float]] = {size: [] for size in sizes}
        emails = 0
        for _ in range(repeats):
            for size in sizes:  # interleaved, so that drift in the machine hits every size
                scratch.use(databases[size])
                mail.outbox = []
                seconds, _ = _sample()
                emails = len(mail.outbox)
                times[size].append(seconds)
                _undo_round()

        figures: dict = {"vendor": vendor, "repeats": repeats}
        table = [
            f"  {'open cases':>10} {'teams':>6} {'audits':>7} {'median s':>9} "
            f"{'p95 s':>7} {'queries':>8}"
        ]
        for size in sizes:
            ordered = sorted(times[size])
            median = round(statistics.median(ordered), 2)
            p95 = round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)
            figures[f"{size} cases"] = {
                "teams": built[size]["teams"],
                "audits": audits[size],
                "median_s": median,
                "p95_s": p95,
                "queries": queries[size],
                "build_s": built[size]["build_seconds"],
            }
            table.append(
                f"  {size:>10} {built[size]['teams']:>6} {audits[size]:>7} "
                f"{median:>9} {p95:>7} {queries[size]:>8}"
            )
        print("\n".join(table), file=sys.stderr, flush=True)
        figures["emails_per_run"] = emails
        figures["queries_constant"] = len(set(queries.values())) == 1
        at_limit = figures.get(f"{LIMIT_AT} cases", {}).get("median_s")
        figures["passed"] = figures["queries_constant"] and (
            at_limit is None or at_limit < LIMIT_SECONDS
        )
        return figures
