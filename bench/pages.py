"""Page-speed benchmark: server time and SQL queries for the busiest pages, at demo size and ten
times it, side by side.

The demo authority is loaded into a scratch database, which is then copied; the copy is grown
about ten-fold: children with open cases, earlier audit rounds, survey responses, a hundred more
peer auditors, and nine more copies of every moderation, follow-up review, safeguarding alert,
message, action, complaint and import, so that every list timed here has more rows to show.
Each page is then requested in-process with the test client, alternately from the demo-size
database and the grown one (two warm-ups, then fifteen requests each), so that whatever else
the machine is doing weighs on both sizes alike. A page passes if its query count is the same at
both sizes and its median is under 150 ms at ten times the demo size. Speed is compared within
one run, never against a fixed clock in the unit tests.
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
from .client import second_factor_given  # noqa: E402

HOST = "127.0.0.1"
WARM_UP = 2
REPEATS = 15
LIMIT_MS = 150.0
FACTOR = 10
DEMO_CHILDREN = 600
GROWTH_PREFIX = "NX"
PEER_AUDITORS = 100
# (demo user, page); ASSIGN_PAGE stands for choosing the peer auditor of a case still to grade.
ASSIGN_PAGE = "assign"
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
    ("manager", "/moderation/actions/"),
    ("qa", "/feedback/complaints/"),
    ("qa", ASSIGN_PAGE),
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


def grow_peer_auditors(count: int) -> int:
    """``count`` more peer auditors, each a practitioner in one of the teams in turn."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from casework.models import Team, TeamMembership
    from qaf.roles import Role, role_group

    user_model = get_user_model()
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    if not teams:
        return 0
    start = user_model.objects.filter(username__startswith="bench-peer-").count()
    password = make_password(None)
    people = user_model.objects.bulk_create(
        user_model(
            username=f"bench-peer-{number}",
            full_name=f"Peer Auditor {number}",
            email=f"bench-peer-{number}@northmoor.example",
            password=password,
        )
        for number in range(start, start + count)
    )
    people = user_model.objects.filter(username__in=[person.username for person in people])
    group = role_group(Role.PEER_AUDITOR)
    user_model.groups.through.objects.bulk_create(
        user_model.groups.through(user_id=person.pk, group_id=group.pk) for person in people
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(
            user=person, team_id=teams[position % len(teams)], start_date=date(2024, 4, 1)
        )
        for position, person in enumerate(people)
    )
    return len(people)


def copy_rows(model, copies: int, *, fix=None) -> int:
    """Add ``copies`` copies of every row of ``model``; ``fix(row)`` adjusts each copy (and may
    return False to leave it out, e.g. when no case audit is left to hang it on)."""
    from copy import copy

    from django.db.models.base import ModelState

    originals = list(model.objects.order_by("pk"))
    rows = []
    for _ in range(copies):
        for original in originals:
            row = copy(original)
            row._state = ModelState()
            row.pk = None
            if fix is None or fix(row) is not False:
                rows.append(row)
    model.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _free_audits(related_name: str):
    """Case audits with no ``related_name`` yet (a one-to-one), to hang a copy on, newest first."""
    from audits.models import CaseAudit

    return iter(
        CaseAudit.objects.filter(**{f"{related_name}__isnull": True})
        .order_by("-pk")
        .values_list("pk", flat=True)
    )


def _on_a_free_audit(related_name: str):
    free = _free_audits(related_name)

    def fix(row):
        pk = next(free, None)
        if pk is None:
            return False
        row.case_audit_id = pk
        return None

    return fix


def grow_lists(copies: int) -> dict:
    """``copies`` more of every moderation, follow-up review, alert, message, action, complaint
    and import, so that the lists that show them grow with the rest."""
    from casework.models import ImportRun
    from feedback.models import ComplaintOrCompliment, SafeguardingAlert
    from moderation.models import Action, FollowUpReview, Moderation
    from qaf.models import Notification

    on_a_free_audit = _on_a_free_audit("follow_up_review")

    def free_follow_up(row):
        row.re_audit_case_audit_id = None
        return on_a_free_audit(row)

    def alert(row):
        row.invitation_id = None  # one alert per link and question

    def message(row):
        row.dedupe_key = ""

    return {
        "moderations": copy_rows(Moderation, copies, fix=_on_a_free_audit("moderation")),
        "follow_ups": copy_rows(FollowUpReview, copies, fix=free_follow_up),
        "alerts": copy_rows(SafeguardingAlert, copies, fix=alert),
        "messages": copy_rows(Notification, copies, fix=message),
        "actions": copy_rows(Action, copies),
        "complaints": copy_rows(ComplaintOrCompliment, copies),
        "imports": copy_rows(ImportRun, copies),
    }


def grow(factor: int) -> dict:
    """Grow the demo data about ``factor``-fold; returns what was added and how long it took."""
    from audits.models import AuditRound
    from casework.models import Child

    started = time.perf_counter()
    children = Child.objects.count()
    rounds = AuditRound.objects.count()
    added = {
        "children": grow_children(children * (factor - 1)),
        # After the children, so that the new peer auditors hold no cases of their own.
        "peer_auditors": grow_peer_auditors(PEER_AUDITORS),
        "case_audits": grow_audits(rounds * (factor - 1)),
        "responses": grow_responses(factor - 1),
        **grow_lists(factor - 1),
    }
    added["seconds"] = round(time.perf_counter() - started, 1)
    return added


def time_page(client, url: str, *, warm_up: int = WARM_UP, repeats: int = REPEATS) -> dict:
    """The median and 95th percentile server time of ``url`` in milliseconds, and the queries
    one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):
        _get(client, url)
    times = [_timed_get(client, url) for _ in range(repeats)]
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return {**_summary(times), "queries": len(queries)}


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def _timed_get(client, url: str) -> float:
    started = time.perf_counter()
    _get(client, url)
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def time_pages_side_by_side(
    clients: dict, pages: list[tuple[str, str]], databases: dict[str, str], **options
) -> dict:
    """Time every page in every database, alternating between the databases request by
    request; returns ``{database label: {"user url": figures}}``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm_up = options.get("warm_up", WARM_UP)
    repeats = options.get("repeats", REPEATS)
    times: dict = {label: {} for label in databases}
    figures: dict = {label: {} for label in databases}
    for user, url in pages:
        key = f"{user} {url}"
        for label, name in databases.items():
            scratch.use(name)
            for _ in range(warm_up):
                _get(clients[user], url)
            times[label][key] = []
        for _ in range(repeats):
            for label, name in databases.items():
                scratch.use(name)
                times[label][key].append(_timed_get(clients[user], url))
        for label, name in databases.items():
            scratch.use(name)
            with CaptureQueriesContext(connection) as queries:
                _get(clients[user], url)
            figures[label][key] = {**_summary(times[label][key]), "queries": len(queries)}
    return figures


def _clients() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model().objects.filter(username__in={user for user, _ in PAGES})
    clients = {}
    for user in users:
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        second_factor_given(client)
        clients[user.username] = client
    return clients


def _pages() -> list[tuple[str, str]]:
    """The pages, with the assign page pointing at a case of the latest round still to grade."""
    from django.urls import reverse

    from audits.models import CaseAudit

    audit = (
        CaseAudit.objects.filter(status=CaseAudit.Status.SAMPLED)
        .order_by("-round__period", "pk")
        .first()
    )
    assign = reverse("audits:assign", args=[audit.pk]) + "?role=peer_auditor" if audit else None
    return [
        (user, assign if url == ASSIGN_PAGE else url)
        for user, url in PAGES
        if url != ASSIGN_PAGE or assign
    ]


@register("pages", "Server time and queries per page, at demo size and ten times it")
def run() -> dict:
    with scratch.database(on_disk=True) as vendor:
        from django.conf import settings
        from django.core.management import call_command

        from casework.models import Child

        if HOST not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
        # The sampling tells auditors by email; keep the mail in memory, not on the console.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        # Time the work itself: with My work kept in the cache, its page would be timed from the
        # cache at both sizes (the load bench measures that path, as people meet it).
        settings.QAF_MY_WORK_CACHE_SECONDS = 0

        # Static files are served by the web server in production; none are collected here.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

        started = time.perf_counter()
        call_command("seed_demo", "--force", stdout=io.StringIO())
        seed_seconds = round(time.perf_counter() - started, 1)
        clients = _clients()  # signed in before the copy, so the sessions are in both
        pages = _pages()
        demo = scratch.current()
        grown = scratch.clone("grown")
        scratch.use(grown)
        added = grow(FACTOR)
        children = Child.objects.count()
        measured = time_pages_side_by_side(clients, pages, {"1x": demo, "10x": grown})
        small, large = measured["1x"], measured["10x"]

        figures: dict = {
            "vendor": vendor,
            "seed_seconds": seed_seconds,
            "grown": added,
            "children": children,
        }
        ratios, worst_ms, same_queries = {}, 0.0, True
        # The table goes to stderr so that --json output stays parseable.
        table = [
            f"  {'page':<44} {'1x ms':>7} {'p95':>6} {'10x ms':>7} {'p95':>6} {'ratio':>6} "
            f"{'q 1x':>5} {'q 10x':>5}"
        ]
        for key, before in small.items():
            after = large[key]
            ratio = round(after["ms"] / before["ms"], 2) if before["ms"] else 0.0
            ratios[key] = ratio
            worst_ms = max(worst_ms, after["ms"])
            same_queries = same_queries and before["queries"] == after["queries"]
            table.append(
                f"  {key[:44]:<44} {before['ms']:>7} {before['p95_ms']:>6} {after['ms']:>7} "
                f"{after['p95_ms']:>6} {ratio:>6} {before['queries']:>5} {after['queries']:>5}"
            )
            figures[key] = {
                "ms_1x": before["ms"],
                "p95_ms_1x": before["p95_ms"],
                "ms_10x": after["ms"],
                "p95_ms_10x": after["p95_ms"],
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
