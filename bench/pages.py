"""Page-speed benchmark: server time and SQL queries for the busiest pages, at demo size and ten
times it.

The demo authority is loaded into a scratch database and each page is requested in-process with
the test client: two warm-up requests, then the median of fifteen. The data is then grown about
ten-fold (children with open cases, earlier audit rounds, survey responses) and the same pages are
timed again. A page passes if its query count does not grow with the data and it answers in under
200 ms at ten times the demo size. Speed is compared within one run, never against a fixed clock
in the unit tests.
"""

import io
import os
import random
import statistics
import sys
import time
import uuid
import warnings
from datetime import date, timedelta

# Plain HTTP to the test client and no static manifest, as in the tests.
os.environ["QAF_HTTPS"] = "0"
os.environ["QAF_STATIC_MANIFEST"] = "0"

from . import register, scratch  # noqa: E402

HOST = "127.0.0.1"
WARM_UP = 2
REPEATS = 15
LIMIT_MS = 200.0
FACTOR = 10
DEMO_CHILDREN = 600
GROWTH_PREFIX = "NX"
# (demo user, page)
PAGES = [
    ("manager", "/"),
    ("peer", "/"),
    ("qa", "/audits/rounds/"),
    ("qa", "/audits/cases/"),
    ("senior", "/moderation/moderations/"),
    ("senior", "/moderation/follow-ups/"),
    ("worker", "/"),
    ("director", "/feedback/"),
    ("manager", "/feedback/alerts/"),
    ("qa", "/casework/imports/"),
    ("manager", "/messages/"),
]


def grow_children(count: int, *, today: date | None = None, seed: int = 1) -> int:
    """Add ``count`` children, each with an open case episode and an open allocation, spread
    over the teams that have someone to hold the case."""
    from django.utils import timezone

    from casework.demo import SERVICE_AREAS
    from casework.models import Allocation, Child, Episode, Team, TeamMembership

    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - made-up data, reproducible on purpose
    kinds = {name: team_kinds for specs in SERVICE_AREAS.values() for name, _, team_kinds in specs}
    practitioners: dict[int, list[int]] = {}
    members: dict[int, list[int]] = {}
    for team_id, user_id, role in (
        TeamMembership.objects.filter(end_date__isnull=True)
        .order_by("team_id", "user_id")
        .values_list("team_id", "user_id", "role")
    ):
        members.setdefault(team_id, []).append(user_id)
        if role == TeamMembership.Role.PRACTITIONER:
            practitioners.setdefault(team_id, []).append(user_id)
    # A team without practitioners has its cases held by whoever is in it.
    holders = {team_id: practitioners.get(team_id) or users for team_id, users in members.items()}
    teams = [team for team in Team.objects.order_by("pk") if holders.get(team.pk)]
    if not teams:
        return 0
    start_number = Child.objects.filter(child_id__startswith=GROWTH_PREFIX).count() + 1
    children = [
        Child(
            child_id=f"{GROWTH_PREFIX}{number:06d}",
            display_name=f"Child {number}",
            date_of_birth=today - timedelta(days=rng.randint(200, 17 * 365)),
        )
        for number in range(start_number, start_number + count)
    ]
    Child.objects.bulk_create(children, batch_size=500)
    children = Child.objects.filter(child_id__in=[child.child_id for child in children]).order_by(
        "child_id"
    )
    episodes, allocations = [], []
    for position, child in enumerate(children):
        team = teams[position % len(teams)]
        start = today - timedelta(days=rng.randint(20, 900))
        kind = rng.choice(kinds.get(team.name, [Episode.Kind.CIN]))
        episodes.append(
            Episode(child=child, kind=kind, team=team, start_date=start, source_reference="bench")
        )
        allocations.append(
            Allocation(
                child=child, worker_id=rng.choice(holders[team.pk]), team=team, start_date=start
            )
        )
    Episode.objects.bulk_create(episodes, batch_size=500)
    Allocation.objects.bulk_create(allocations, batch_size=500)
    return len(episodes)


def grow_audits(months: int) -> int:
    """Sample ``months`` more rounds, in the months before the earliest one there is."""
    from audits.models import AuditRound
    from audits.services.sampling import months_before, sample_month

    earliest = AuditRound.objects.order_by("period").values_list("period", flat=True).first()
    if earliest is None:
        return 0
    added = 0
    for back in range(1, months + 1):
        result = sample_month(period=months_before(earliest, back))
        added += len(result.planned)
    return added


def grow_responses(copies: int) -> int:
    """Copy every survey response (and its answers) ``copies`` times, without the invitation."""
    from feedback.models import Answer, Response

    originals = list(Response.objects.prefetch_related("answers"))
    responses, answers = [], []
    for _ in range(copies):
        for original in originals:
            copy = Response(
                id=uuid.uuid4(),
                survey_id=original.survey_id,
                team_id=original.team_id,
                month=original.month,
                is_anonymous=original.is_anonymous,
                child_id=original.child_id,
                practitioner_id=original.practitioner_id,
                completed_with=original.completed_with,
                submitted_at=original.submitted_at,
            )
            responses.append(copy)
            answers.extend(
                Answer(
                    response=copy,
                    question_id=answer.question_id,
                    choice=answer.choice,
                    text=answer.text,
                    sentiment=answer.sentiment,
                )
                for answer in original.answers.all()
            )
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(answers, batch_size=1000)
    return len(responses)


def grow(factor: int) -> dict:
    """Grow the demo data about ``factor``-fold; returns what was added and how long it took."""
    from audits.models import AuditRound
    from casework.models import Child

    started = time.perf_counter()
    children = Child.objects.count()
    rounds = AuditRound.objects.count()
    added = {
        "children": grow_children(children * (factor - 1)),
        "case_audits": grow_audits(rounds * (factor - 1)),
        "responses": grow_responses(factor - 1),
    }
    added["seconds"] = round(time.perf_counter() - started, 1)
    return added


def time_page(client, url: str, *, warm_up: int = WARM_UP, repeats: int = REPEATS) -> dict:
    """The median server time of ``url`` in milliseconds, and the queries one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return {"ms": round(statistics.median(times), 1), "queries": len(queries)}


def _clients() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.filter(username__in={user for user, _ in PAGES})
    clients = {}
    for user in users:
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        clients[user.username] = client
    return clients


def _time_all(clients: dict) -> dict:
    return {f"{user} {url}": time_page(clients[user], url) for user, url in PAGES}


@register("pages", "Server time and queries per page, at demo size and ten times it")
def run() -> dict:
    with scratch.database() as vendor:
        from django.conf import settings
        from django.core.management import call_command

        from casework.models import Child

        if HOST not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
        # The sampling tells auditors by email; keep the mail in memory, not on the console.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

        # Static files are served by the web server in production; none are collected here.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

        started = time.perf_counter()
        call_command("seed_demo", "--force", stdout=io.StringIO())
        seed_seconds = round(time.perf_counter() - started, 1)
        clients = _clients()
        small = _time_all(clients)
        added = grow(FACTOR)
        large = _time_all(clients)

        figures: dict = {
            "vendor": vendor,
            "seed_seconds": seed_seconds,
            "grown": added,
            "children": Child.objects.count(),
        }
        ratios, worst_ms, same_queries = {}, 0.0, True
        # The table goes to stderr so that --json output stays parseable.
        table = [f"  {'page':<34} {'1x ms':>7} {'10x ms':>7} {'ratio':>6} {'q 1x':>5} {'q 10x':>5}"]
        for key, before in small.items():
            after = large[key]
            ratio = round(after["ms"] / before["ms"], 2) if before["ms"] else 0.0
            ratios[key] = ratio
            worst_ms = max(worst_ms, after["ms"])
            same_queries = same_queries and before["queries"] == after["queries"]
            table.append(
                f"  {key:<34} {before['ms']:>7} {after['ms']:>7} {ratio:>6} "
                f"{before['queries']:>5} {after['queries']:>5}"
            )
            figures[key] = {
                "ms_1x": before["ms"],
                "ms_10x": after["ms"],
                "ratio": ratio,
                "queries_1x": before["queries"],
                "queries_10x": after["queries"],
            }
        print("\n".join(table), file=sys.stderr, flush=True)
        figures["worst_ratio"] = max(ratios.values())
        figures["worst_10x_ms"] = worst_ms
        figures["queries_constant"] = same_queries
        figures["passed"] = same_queries and worst_ms < LIMIT_MS
        return figures
