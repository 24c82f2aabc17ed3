"""The checks of CI's production stage, run by .ci/production against gunicorn, a Celery worker
and beat it has started with production settings.

Usage: python .ci/production_check.py PORT ACCESS_LOG
"""

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.client import Client, HttpError, complete_survey  # noqa: E402

DEMO_USERS = ("qa", "director", "senior", "manager", "peer", "worker")
# Where each lands after signing in: My work, except a director, who lands on the KPIs.
LANDS_ON = {"director": "/kpis/"}
NAV_LINK = re.compile(r'class="govuk-service-navigation__link" href="(/[^"]*)"')
STATIC_ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')
ONE_YEAR = 365 * 24 * 3600
MIN_COMPRESSED_BYTES = 1024


def check(condition: bool, message: str) -> None:
    if not condition:
        raise HttpError(message)


def check_page(reply, path: str) -> None:
    cache_control = reply.headers.get("cache-control", "")
    check("no-store" in cache_control, f"{path}: signed-in page without no-store")
    check(reply.headers.get("content-encoding") == "gzip", f"{path}: HTML not gzipped")


def check_health(port: int) -> None:
    health = json.loads(Client("127.0.0.1", port).get("/healthz").text)
    check(health == {"status": "ok", "database": "ok", "broker": "ok"}, f"healthz: {health}")
    print(f"ok  /healthz {health}")


def check_people(port: int, password: str) -> None:
    for username in DEMO_USERS:
        client = Client("127.0.0.1", port, accept_encoding="gzip")
        client.sign_in(username, password, lands_on=LANDS_ON.get(username, "/"))
        home = client.get("/")
        check("My work" in home.text, f"{username}: My work does not say 'My work'")
        check_page(home, "/")
        pages = sorted(set(NAV_LINK.findall(home.text)) - {"/"})
        for path in pages:
            check_page(client.get(path), path)
        print(f"ok  {username}: My work and {len(pages)} pages: {' '.join(pages)}")


def check_static(port: int) -> None:
    client = Client("127.0.0.1", port)
    public = client.get("/guide/")
    check(
        "no-store" not in public.headers.get("cache-control", ""), "/guide/: public page no-store"
    )
    assets = sorted(set(STATIC_ASSET.findall(client.get("/accounts/login/").text)))
    check(len(assets) >= 3, f"too few static files on the sign-in page: {assets}")
    compressed = 0
    for path in assets:
        for encoding in ("br", "gzip"):
            reply = Client("127.0.0.1", port, accept_encoding=encoding).get(path)
            cache_control = reply.headers.get("cache-control", "")
            max_age = re.search(r"max-age=(\d+)", cache_control)
            check(
                bool(max_age) and int(max_age[1]) >= ONE_YEAR and "immutable" in cache_control,
                f"{path}: not cached for a year ({cache_control!r})",
            )
            # WhiteNoise leaves a file uncompressed when compressing saves almost nothing.
            if len(reply.body) >= MIN_COMPRESSED_BYTES:
                check(reply.headers.get("content-encoding") == encoding, f"{path}: not {encoding}")
                check(len(reply.raw) < len(reply.body), f"{path}: {encoding} body not smaller")
                compressed += 1
    check(compressed >= 4, f"only {compressed} static responses were large enough to compress")
    print(f"ok  {len(assets)} static files cached for a year; the larger ones brotli and gzip")


def check_survey(port: int, password: str) -> str:
    practitioner = Client("127.0.0.1", port)
    practitioner.sign_in("worker", password)
    link = practitioner.make_survey_link()
    requests = complete_survey(Client("127.0.0.1", port), link)
    print(f"ok  a child completed a survey link in {requests} requests")
    return link.split("/")[3]


def check_sampling_through_the_worker() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaf.settings")
    django.setup()
    from audits.models import AuditRound
    from audits.tasks import monthly_sampling
    from qaf.workdays import add_months

    latest = AuditRound.objects.order_by("-period").values_list("period", flat=True).first()
    new_month = add_months(latest, 1)
    check(not AuditRound.objects.filter(period=new_month).exists(), "the new month is sampled")
    started = time.monotonic()
    result = monthly_sampling.delay(period=f"{new_month:%Y-%m}")
    total = result.get(timeout=120)
    audit_round = AuditRound.objects.filter(period=new_month).first()
    check(audit_round is not None, f"the worker did not sample {new_month:%B %Y}")
    check(total == audit_round.case_audits.count(), "the worker's total differs from the round")
    print(
        f"ok  the worker sampled {new_month:%B %Y}: {total} cases "
        f"in {time.monotonic() - started:.1f}s"
    )


def check_access_log(access_log: Path, token: str) -> None:
    # Gunicorn writes each line once the response is sent; give it a moment.
    time.sleep(1)
    text = access_log.read_text(encoding="utf-8", errors="replace")
    check("/feedback/s/[token]/" in text, "the survey requests are not in the access log")
    check(token not in text, "a survey token is in the access log")
    print(f"ok  the access log ({len(text.splitlines())} lines) holds no survey token")


def main() -> int:
    port, access_log = int(sys.argv[1]), Path(sys.argv[2])
    password = os.environ.get("QAF_DEMO_PASSWORD", "demo-password-123")
    try:
        check_health(port)
        check_people(port, password)
        check_static(port)
        token = check_survey(port, password)
        check_sampling_through_the_worker()
        check_access_log(access_log, token)
    except HttpError as error:
        print(f"FAILED  {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
