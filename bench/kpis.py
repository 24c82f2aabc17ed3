"""KPI benchmark: the dashboard and a drill-down at demo size and for a large authority, one
month's snapshots, and the dashboard's time next to PostgreSQL's own time for its query.

The demo authority is seeded into a scratch database and copied; the copy is grown, with
``INSERT ... SELECT`` over ``generate_series`` (PostgreSQL), into an authority of
``QAF_BENCH_KPI_CHILDREN`` children (100,000 by default: ten times a large English authority),
each with an episode, three allocations over five years (most children have had three social
workers) and about twenty case events, plus five years of monthly audit rounds (gradings and
final grades) and feedback responses with answers. One month's snapshots are then computed and
timed, and copied to the eleven months before it so that the dashboard reads a full year.

The dashboard and a drill-down are requested in-process (the pages once they exist, else the
selectors behind them), alternately at both sizes; a figure passes if its query count is the same
at both sizes and its median is under 150 ms at the large size. The dashboard's median is also
divided by PostgreSQL's own planning and execution time for the dashboard's snapshot query
(``EXPLAIN ANALYZE``): the goal is 3x or less.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
import warnings
from datetime import date

os.environ["QAF_HTTPS"] = "0"
os.environ["QAF_STATIC_MANIFEST"] = "0"

from . import register, scratch  # noqa: E402
from .client import second_factor_given  # noqa: E402

HOST = "127.0.0.1"
LIMIT_MS = 150.0
SNAPSHOT_LIMIT_S = 60.0
RATIO_GOAL = 3.0
PROBES = ("dashboard", "dashboard_drawn", "drill_down", "drill_down_events")
WARM_UP = 2
REPEATS = 15
YEARS = 5
AREAS, TEAMS_PER_AREA, WORKERS = 10, 10, 1500
AUDITS_PER_TEAM = 4
RESPONSES_PER_MONTH = 1000
# A list of children (grouped over the allocation history) and a list of case events.
DRILL_CODE = "practice.three_plus_social_workers"
EVENT_DRILL_CODE = "practice.assessments_in_45_days"


def _children_wanted() -> int:
    return int(os.environ.get("QAF_BENCH_KPI_CHILDREN", "100000"))


def _execute(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def grow_authority(children: int, *, today: date) -> dict:
    """Add a large authority beside the demo one; returns what was added."""
    from django.contrib.auth import get_user_model

    from audits.models import AuditRound
    from casework.models import ServiceArea, Team
    from feedback.models import Question, Survey
    from kpis.periods import months_back
    from qaf.workdays import last_working_day

    User = get_user_model()
    areas = ServiceArea.objects.bulk_create(
        [ServiceArea(name=f"Bench area {n}") for n in range(AREAS)]
    )
    teams = Team.objects.bulk_create(
        [
            Team(name=f"Bench team {a}-{t}", service_area=area)
            for a, area in enumerate(areas)
            for t in range(TEAMS_PER_AREA)
        ]
    )
    team_ids = [team.pk for team in teams]
    workers = User.objects.bulk_create(
        [User(username=f"bench-worker-{n}", full_name=f"Worker {n}") for n in range(WORKERS)],
        batch_size=1000,
    )
    worker_ids = [worker.pk for worker in workers]
    added: dict = {"teams": len(teams)}

    added["children"] = _execute(
        """
        INSERT INTO casework_child (child_id, display_name, date_of_birth, gender, ethnicity,
                                    disability, created_at, updated_at)
        SELECT 'BK' || lpad(g::text, 7, '0'), 'Child ' || g, date '2009-01-01' + (g %% 6000),
               'not_recorded', '', 'not_recorded', now(), now()
        FROM generate_series(1, %s) g
        """,
        [children],
    )
    added["episodes"] = _execute(
        """
        INSERT INTO casework_episode (child_id, kind, team_id, start_date, source_reference)
        SELECT c.id, (ARRAY['cin', 'cp', 'cla'])[1 + c.id::int %% 3],
               (%s::int[])[1 + c.id::int %% %s], %s::date - (c.id::int %% 1800), 'bench'
        FROM casework_child c WHERE c.child_id LIKE 'BK%%'
        """,
        [team_ids, len(team_ids), today],
    )
    # Three social workers one after another; the third still holds the case.
    start = f"{today:%Y-%m-%d}"
    allocations = 0
    for step, (begin, finish) in enumerate(
        (
            (
                "%(s)s::date - 1700 + (c.id::int %% 700)",
                "%(s)s::date - 1350 + (c.id::int %% 700) + c.id::int %% 300",
            ),
            (
                "%(s)s::date - 1349 + (c.id::int %% 700) + c.id::int %% 300",
                "%(s)s::date - 1000 + (c.id::int %% 700) + c.id::int %% 300"
                " + (c.id::int * 7) %% 280",
            ),
            (
                "%(s)s::date - 999 + (c.id::int %% 700) + c.id::int %% 300"
                " + (c.id::int * 7) %% 280",
                "NULL",
            ),
        )
    ):
        sql = f"""
            INSERT INTO casework_allocation (child_id, worker_id, team_id, start_date, end_date)
            SELECT c.id, (%(w)s::int[])[1 + (c.id::int * {step + 3}) %% {len(worker_ids)}],
                   e.team_id, {begin}, {finish}
            FROM casework_child c JOIN casework_episode e ON e.child_id = c.id
            WHERE c.child_id LIKE 'BK%%'
        """  # noqa: S608 - fixed fragments; values are parameters
        allocations += _execute(sql, {"s": start, "w": worker_ids})
    added["allocations"] = allocations

    events = 0
    event_sql = """
        INSERT INTO casework_caseevent (child_id, episode_id, kind, plan_type, started_on,
                                        ended_on, seen_alone, detail, source, created_at)
        SELECT c.id, e.id, %(kind)s, %(plan)s, {started}, {ended}, NULL, '', 'demo', now()
        FROM casework_child c JOIN casework_episode e ON e.child_id = c.id
        CROSS JOIN generate_series(0, %(repeats)s - 1) k
        WHERE c.child_id LIKE 'BK%%' {where}
    """
    base = "%(s)s::date - (c.id::int %% 1825)"
    for kind, plan, repeats, started, ended, where in (
        ("referral", "", 2, f"{base} + k * 200", "NULL", ""),
        (
            "assessment",
            "",
            2,
            f"{base} + k * 200 + 1",
            f"{base} + k * 200 + 30 + c.id::int %% 40",
            "",
        ),
        ("strategy_discussion", "", 1, f"{base} + 10", "NULL", "AND e.kind = 'cp'"),
        ("icpc", "", 1, f"{base} + 25 + c.id::int %% 12", "NULL", "AND e.kind = 'cp'"),
        ("rcpc", "", 2, f"{base} + 110 + k * 180 + c.id::int %% 9", "NULL", "AND e.kind = 'cp'"),
        ("plan", "cp", 1, f"{base} + 25", f"{base} + 400", "AND e.kind = 'cp'"),
        ("plan", "cin", 1, f"{base} + 40", "NULL", "AND e.kind = 'cin'"),
        ("plan", "cla", 1, f"{base} + 5", "NULL", "AND e.kind = 'cla'"),
        ("placement", "", 3, f"{base} + k * 150", f"{base} + k * 150 + 149", "AND e.kind = 'cla'"),
        ("visit", "cp", 8, f"{base} + 30 + k * 12 + c.id::int %% 3", "NULL", "AND e.kind = 'cp'"),
        ("visit", "cla", 8, f"{base} + 10 + k * 40 + c.id::int %% 5", "NULL", "AND e.kind = 'cla'"),
        ("review", "", 3, f"{base} + 150 + k * 170", "NULL", "AND e.kind <> 'cp'"),
    ):
        sql = event_sql.format(started=started, ended=ended, where=where)
        events += _execute(sql, {"s": start, "kind": kind, "plan": plan, "repeats": repeats})
    added["case_events"] = events

    # Five years of monthly audit rounds before the demo's own.
    first_demo = AuditRound.objects.order_by("period").values_list("period", flat=True).first()
    first_demo = first_demo or today.replace(day=1)
    rounds = AuditRound.objects.bulk_create(
        [
            AuditRound(
                period=months_back(first_demo, back),
                seed=back,
                due_date=last_working_day(
                    months_back(first_demo, back).year, months_back(first_demo, back).month
                ),
            )
            for back in range(1, YEARS * 12 + 1)
        ]
    )
    round_ids = sorted(r.pk for r in rounds)
    per_round = AUDITS_PER_TEAM * len(team_ids)
    added["case_audits"] = _execute(
        """
        INSERT INTO audits_caseaudit (round_id, child_id, episode_id, case_kind, team_id,
            assignment_note, status, due_date, created_at, updated_at)
        SELECT r.id, e.child_id, e.id, e.kind, e.team_id, '', 'closed', r.due_date, now(), now()
        FROM (SELECT id, due_date, row_number() OVER (ORDER BY id) - 1 AS n
              FROM audits_auditround WHERE id = ANY(%s)) r
        JOIN (SELECT e.*, row_number() OVER (ORDER BY e.id) - 1 AS n
              FROM casework_episode e WHERE e.source_reference = 'bench') e
          ON e.n %% %s = r.n AND (e.n / %s) %% %s = 0
        """,
        [
            round_ids,
            len(round_ids),
            len(round_ids),
            max(1, children // len(round_ids) // per_round),
        ],
    )
    grades = "(ARRAY['outstanding', 'good', 'good', 'requires_improvement', 'inadequate'])"
    for role, offset, shift in (("team_manager", 1, 0), ("peer_auditor", 2, 1)):
        _execute(
            f"""
            INSERT INTO audits_grading (case_audit_id, role, auditor_id, overall_grade,
                strengths, areas_for_development, created_at, updated_at, submitted_at)
            SELECT ca.id, %s, (%s::int[])[1 + (ca.id::int * {offset}) %% {len(worker_ids)}],
                   {grades}[1 + (ca.id::int + {shift} * (ca.id::int %% 4 / 3)) %% 5],
                   '', '', now(), now(), ca.due_date - 3
            FROM audits_caseaudit ca JOIN casework_team t ON t.id = ca.team_id
            WHERE t.name LIKE 'Bench team%%'
            """,  # noqa: S608 - fixed fragments; values are parameters
            [role, worker_ids],
        )
    added["final_grades"] = _execute(
        f"""
        INSERT INTO moderation_finalgrade (case_audit_id, overall_grade, route, decided_on,
            follow_up_due, feedback_due, created_at)
        SELECT ca.id, {grades}[1 + ca.id::int %% 5], 'agreed', ca.due_date - (ca.id::int %% 5) + 2,
               ca.due_date + 90, ca.due_date + 20, now()
        FROM audits_caseaudit ca JOIN casework_team t ON t.id = ca.team_id
        WHERE t.name LIKE 'Bench team%%'
        """  # noqa: S608 - fixed fragments; values are parameters
    )
    survey = (
        Survey.objects.filter(questions__theme="plan")
        .filter(questions__theme="contact")
        .filter(questions__theme="listened")
        .first()
    )
    questions = {
        theme: Question.objects.filter(survey=survey, theme=theme).values_list("pk", flat=True)[0]
        for theme in ("plan", "contact", "listened")
    }
    added["responses"] = _execute(
        """
        INSERT INTO feedback_response (id, survey_id, team_id, month, is_anonymous, completed_with)
        SELECT gen_random_uuid(), %s, (%s::int[])[1 + g %% %s],
               (date_trunc('month', %s::date) - make_interval(months => 1 + g / %s))::date,
               true, ''
        FROM generate_series(0, %s - 1) g
        """,
        [
            survey.pk,
            team_ids,
            len(team_ids),
            first_demo,
            RESPONSES_PER_MONTH,
            RESPONSES_PER_MONTH * YEARS * 12,
        ],
    )
    answers = 0
    for question_id in questions.values():
        answers += _execute(
            """
            INSERT INTO feedback_answer (response_id, question_id, choice, text, sentiment)
            SELECT r.id, %s, 'yes', '',
                   CASE WHEN ascii(r.id::text) %% 4 = 0 THEN 'negative' ELSE 'positive' END
            FROM feedback_response r WHERE r.team_id = ANY(%s)
            """,
            [question_id, team_ids],
        )
    added["answers"] = answers
    _execute("ANALYZE")
    return added


def _fill_year(period: date) -> int:
    """Copy the month's snapshots to the eleven months before it (the dashboard reads a year)."""
    return _execute(
        """
        INSERT INTO kpis_kpisnapshot (code, period, scope_kind, service_area_id, team_id,
                                      numerator, denominator, value, computed_at, members_held)
        SELECT s.code, (s.period - make_interval(months => k))::date, s.scope_kind,
               s.service_area_id, s.team_id, s.numerator, s.denominator, s.value, now(), false
        FROM kpis_kpisnapshot s CROSS JOIN generate_series(1, 11) k
        WHERE s.period = %s
        ON CONFLICT DO NOTHING
        """,
        [period],
    )


def _median_ms(function, *, repeats=REPEATS) -> float:
    for _ in range(WARM_UP):
        function()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def _probes(director, period: date) -> dict:
    """What is timed: the pages when they exist, else the selectors behind them."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from kpis import cache, selectors
    from kpis.scopes import Scope

    # The copies share this process's cache: nothing drawn from one is read for the other.
    cache.forget_all()
    try:
        dashboard_url = reverse("kpis:dashboard") + f"?period={period:%Y-%m}"
        drill_url = reverse("kpis:kpi_children", args=[DRILL_CODE]) + f"?period={period:%Y-%m}"
    except NoReverseMatch:
        dashboard_url = drill_url = None
    if dashboard_url:
        client = Client(HTTP_HOST=HOST)
        client.force_login(director)
        second_factor_given(client)

        def get(url):
            def request():
                response = client.get(url)
                assert response.status_code == 200, f"{url} answered {response.status_code}"

            return request

        def drawn_afresh(url):
            page = get(url)

            def request():
                cache.forget_all()
                page()

            return request

        event_url = (
            reverse("kpis:kpi_children", args=[EVENT_DRILL_CODE]) + f"?period={period:%Y-%m}"
        )
        return {
            "what": "pages",
            "dashboard": get(dashboard_url),
            "dashboard_drawn": drawn_afresh(dashboard_url),
            "drill_down": get(drill_url),
            "drill_down_events": get(event_url),
        }

    def dashboard():
        return selectors.dashboard(Scope.service(), period)

    def drill(code):
        def drill_down():
            listed = selectors.drill_down(code, period, Scope.service(), director)
            return listed.count(), list(listed.order_by("pk")[:25])

        return drill_down

    return {
        "what": "selectors",
        "dashboard": dashboard,
        "dashboard_drawn": dashboard,
        "drill_down": drill(DRILL_CODE),
        "drill_down_events": drill(EVENT_DRILL_CODE),
    }


def _postgres_ms(period: date) -> float:
    """PostgreSQL's own planning and execution time for the dashboard's snapshot query."""
    from django.db import connection

    from kpis.models import KpiSnapshot
    from kpis.periods import months_back
    from kpis.scopes import Scope

    queryset = KpiSnapshot.objects.filter(
        period__gte=months_back(period, 11), period__lte=period, **Scope.service().snapshot_filter()
    ).values_list("code", "period", "numerator", "denominator", "value")
    sql, params = queryset.query.sql_with_params()
    times = []
    with connection.cursor() as cursor:
        for _ in range(WARM_UP + REPEATS):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            times.append(plan[0]["Planning Time"] + plan[0]["Execution Time"])
    return round(statistics.median(times[WARM_UP:]), 3)


@register("kpis", "KPI dashboard and drill-down at demo and large size; one month's snapshots")
def run() -> dict:
    with scratch.database() as vendor:
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.utils import timezone

        from kpis.models import KpiSnapshot
        from kpis.periods import last_full_month
        from kpis.services import compute_period

        if vendor != "postgresql":
            return {"vendor": vendor, "skipped": "needs PostgreSQL: set DATABASE_URL"}
        if HOST not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

        today = timezone.localdate()
        period = last_full_month(today)
        call_command("seed_demo", "--force", stdout=io.StringIO())
        director = get_user_model().objects.get(username="director")
        demo = scratch.current()
        large = scratch.clone("large")
        scratch.use(large)
        started = time.perf_counter()
        added = grow_authority(_children_wanted(), today=today)
        grow_seconds = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        rows = compute_period(period)
        snapshot_seconds = round(time.perf_counter() - started, 1)
        _fill_year(period)
        _execute("ANALYZE kpis_kpisnapshot")

        figures: dict = {"vendor": vendor, "grown": added, "grow_seconds": grow_seconds}
        measured = {}
        for label, name in (("demo", demo), ("large", large)):
            scratch.use(name)
            probes = _probes(director, period)
            figures["timed"] = probes["what"]
            measured[label] = {
                key: {"ms": _median_ms(probes[key]), "queries": _queries(probes[key])}
                for key in PROBES
            }
        scratch.use(large)
        postgres_ms = _postgres_ms(period)
        ratio = (
            round(measured["large"]["dashboard"]["ms"] / postgres_ms, 1) if postgres_ms else None
        )
        figures.update(
            {
                "snapshot_rows_one_month": rows,
                "snapshot_seconds_one_month": snapshot_seconds,
                "snapshots_in_large": KpiSnapshot.objects.count(),
                "dashboard_ms_demo": measured["demo"]["dashboard"]["ms"],
                "dashboard_ms_large": measured["large"]["dashboard"]["ms"],
                "dashboard_queries_demo": measured["demo"]["dashboard"]["queries"],
                "dashboard_queries_large": measured["large"]["dashboard"]["queries"],
                "dashboard_drawn_ms_demo": measured["demo"]["dashboard_drawn"]["ms"],
                "dashboard_drawn_ms_large": measured["large"]["dashboard_drawn"]["ms"],
                "dashboard_drawn_queries_demo": measured["demo"]["dashboard_drawn"]["queries"],
                "dashboard_drawn_queries_large": measured["large"]["dashboard_drawn"]["queries"],
                "drill_down_ms_demo": measured["demo"]["drill_down"]["ms"],
                "drill_down_ms_large": measured["large"]["drill_down"]["ms"],
                "drill_down_queries_demo": measured["demo"]["drill_down"]["queries"],
                "drill_down_queries_large": measured["large"]["drill_down"]["queries"],
                "drill_down_events_ms_demo": measured["demo"]["drill_down_events"]["ms"],
                "drill_down_events_ms_large": measured["large"]["drill_down_events"]["ms"],
                "drill_down_events_queries_demo": measured["demo"]["drill_down_events"]["queries"],
                "drill_down_events_queries_large": measured["large"]["drill_down_events"][
                    "queries"
                ],
                "postgres_snapshot_query_ms": postgres_ms,
                "dashboard_to_postgres_ratio": ratio,
            }
        )
        same_queries = all(
            measured["demo"][key]["queries"] == measured["large"][key]["queries"] for key in PROBES
        )
        # The dashboard as a director meets it is the drawn one kept in the cache; the figure
        # drawn afresh every time is reported beside it, not held to the goal.
        fast = all(
            measured["large"][key]["ms"] < LIMIT_MS for key in PROBES if key != "dashboard_drawn"
        )
        figures["queries_constant"] = same_queries
        figures["passed"] = (
            same_queries
            and fast
            and snapshot_seconds < SNAPSHOT_LIMIT_S
            and ratio is not None
            and ratio <= RATIO_GOAL
        )
        print(
            f"  large authority: {added.get('children')} children, grown in {grow_seconds} s",
            file=sys.stderr,
        )
        return figures
