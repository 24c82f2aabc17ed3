"""Load benchmark: requests per second through gunicorn with production settings, for the health
check, a signed-in "My work" and a child completing a survey link.

The demo authority is loaded into a scratch PostgreSQL database; static files are collected;
gunicorn starts as in CI's production stage (gunicorn.conf.py, two workers, DEBUG off, HTTPS as
the load balancer reports it) on a loopback port. A few threads then send a fixed number of
requests to each path, in rounds that take a batch of each path in turn, and each round's rates
are compared with its /healthz rate: the survey path should manage at least half of it and My
work at least 0.3 (the median over the rounds). Everything stops by itself; gunicorn is
stopped and the scratch database dropped whatever happens.
"""

import io
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import register, scratch
from .client import Client, complete_survey

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORT = int(os.environ.get("QAF_BENCH_PORT", "8311"))
THREADS = 4
HEALTHZ_REQUESTS = 400
MY_WORK_REQUESTS = 200
SURVEYS = 24  # about 15 requests each
ROUNDS = 6  # each round times a batch of every path in turn
WARM_UP = 8
GOALS = {"survey": 0.5, "my_work": 0.3}
WSGI_APP = "qaf.wsgi:application"
BENCH_REDIS_DB = 13


def _database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


def bench_redis_url() -> str | None:
    """With ``REDIS_URL`` set, the same server's database BENCH_REDIS_DB, which the bench empties
    when it is done; without it, none (tasks then run in-process)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    return urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_REDIS_DB}"))


def production_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The stage's settings: DEBUG off, HTTPS behind a proxy, emails dropped, and Redis as in
    production when there is one (then /healthz asks the broker too, as a load balancer's check
    does; tasks queue in the bench's own Redis database, emptied afterwards)."""
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.pop("QAF_HTTPS", None)
    env.pop("QAF_STATIC_MANIFEST", None)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        QAF_BASE_URL=f"https://{HOST}:{PORT}",
        QAF_BEHIND_PROXY="1",
        DATABASE_URL=database_url,
        EMAIL_URL="dummymail://",
        GUNICORN_BIND=f"{HOST}:{PORT}",
    )
    return env


def survey_links(count: int) -> list[str]:
    """Fresh survey links, made as each child's social worker would make them."""
    from django.utils import timezone

    from casework.models import Allocation
    from feedback.audiences import survey_fits
    from feedback.errors import FeedbackError
    from feedback.models import Survey
    from feedback.services import invitation_create

    surveys = list(Survey.objects.filter(status=Survey.Status.PUBLISHED).order_by("pk"))
    allocations = Allocation.objects.filter(end_date__isnull=True).select_related("child", "worker")
    links: list[str] = []
    for allocation in allocations.order_by("pk"):
        if len(links) == count:
            break
        # Take turns over the forms, choosing from those that fit the child's age.
        fitting = [s for s in surveys if survey_fits(s, allocation.child, timezone.localdate())]
        if not fitting:
            continue
        try:
            _, token = invitation_create(
                survey=fitting[len(links) % len(fitting)],
                child=allocation.child,
                created_by=allocation.worker,
            )
        except FeedbackError:
            continue  # e.g. a child whose current worker is someone else
        links.append(f"/feedback/s/{token}/")
    return links


def _wait_until_up(server: subprocess.Popen) -> None:
    client = Client(HOST, PORT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if client.request("GET", "/healthz").status == 200:
                return
        except OSError:
            client.connection = None
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def _timed(jobs: list, work) -> tuple[int, float]:
    """Run ``work(job)`` for every job on THREADS threads: (requests sent, seconds taken)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        requests = sum(pool.map(work, jobs))
    return requests, time.perf_counter() - started


def _signed_in_clients(username: str, password: str) -> list[Client]:
    """One sign-in (password and authenticator code), shared by every thread as tabs of one
    browser: a code is accepted once, so each thread signing in would wait for the next."""
    first = Client(HOST, PORT)
    first.sign_in(username, password)
    others = [Client(HOST, PORT, cookies=dict(first.cookies)) for _ in range(THREADS - 1)]
    return [first, *others]


def measure(password: str, links: list[str]) -> dict[str, dict]:
    """Time the three paths in ROUNDS rounds, one batch of each per round, so that whatever else
    the machine does weighs on all three alike. Returns, per path, the overall requests per second
    and, per round, its rate; the ratios compare paths within each round."""
    anonymous = [Client(HOST, PORT) for _ in range(THREADS)]
    peers = _signed_in_clients("peer", password)
    for client in anonymous + peers:
        for _ in range(WARM_UP // THREADS or 1):
            client.get("/healthz")
    for client in peers:
        client.get("/")

    def healthz(number: int) -> int:
        anonymous[number % THREADS].get("/healthz")
        return 1

    def my_work(number: int) -> int:
        peers[number % THREADS].get("/")
        return 1

    def survey(number: int) -> int:
        # One child in eight is unsure whether they are safe: an alert, with its email.
        return complete_survey(Client(HOST, PORT), links[number], worried=number % 8 == 0)

    per_round = len(links) // ROUNDS
    batches = {
        "healthz": (HEALTHZ_REQUESTS // ROUNDS, healthz),
        "my_work": (MY_WORK_REQUESTS // ROUNDS, my_work),
        "survey": (per_round, survey),
    }
    totals = {name: [0, 0.0] for name in batches}
    rounds: dict[str, list[float]] = {name: [] for name in batches}
    for number in range(ROUNDS):
        for name, (size, work) in batches.items():
            first = number * size
            requests, seconds = _timed(list(range(first, first + size)), work)
            totals[name][0] += requests
            totals[name][1] += seconds
            rounds[name].append(requests / seconds)
    return {
        name: {"rate": round(requests / seconds, 1), "rounds": rounds[name]}
        for name, (requests, seconds) in totals.items()
    }


@register("load", "Requests per second through gunicorn: /healthz, My work, a survey link")
def run() -> dict:
    with scratch.database() as vendor:
        if vendor != "postgresql":
            return {
                "vendor": vendor,
                "skipped": "needs DATABASE_URL=postgres://...",
                "passed": None,
            }
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        # The demo's sampling tells auditors by email; keep the mail in memory.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("seed_demo", "--force", stdout=io.StringIO())
        links = survey_links(SURVEYS)
        redis_url = bench_redis_url()
        env = production_env(_database_url(connection.settings_dict), redis_url)
        connection.close()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        server_log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", WSGI_APP],
            cwd=ROOT,
            # No access log: writing it would be part of what is measured.
            env=env | {"GUNICORN_ACCESS_LOG": ""},
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(server)
            measured = measure(os.environ.get("QAF_DEMO_PASSWORD", "demo-password-123"), links)
        except Exception:
            server_log.seek(0)
            print(server_log.read().decode(errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            server_log.close()
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if redis_url:
                import redis

                redis.Redis.from_url(redis_url).flushdb()
        rates = {name: figures["rate"] for name, figures in measured.items()}
        # Each round's ratio compares paths timed minutes apart at most; the median of the rounds
        # is the figure, so one busy moment on the machine cannot decide it.
        ratios = {
            name: round(
                statistics.median(
                    path / health
                    for path, health in zip(
                        measured[name]["rounds"], measured["healthz"]["rounds"], strict=True
                    )
                ),
                2,
            )
            for name in GOALS
        }
        print(
            "\n".join(
                [f"  {'path':<10} {'req/s':>7} {'x healthz':>9} {'goal':>5}"]
                + [f"  {'healthz':<10} {rates['healthz']:>7} {1.0:>9} {'':>5}"]
                + [
                    f"  {name:<10} {rates[name]:>7} {ratios[name]:>9} {goal:>5}"
                    for name, goal in GOALS.items()
                ]
            ),
            file=sys.stderr,
            flush=True,
        )
        return {
            "vendor": vendor,
            "threads": THREADS,
            "broker": "redis" if redis_url else "none (tasks in-process)",
            "rounds": ROUNDS,
            "requests_per_second": rates,
            "ratio_to_healthz": ratios,
            "goals": GOALS,
            "passed": all(ratios[name] >= goal for name, goal in GOALS.items()),
        }
