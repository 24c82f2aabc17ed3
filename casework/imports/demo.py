"""The demo authority's import history, so that the page is not empty on a first look."""

import hashlib
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.models import Child, Episode, ImportRun
from qaf import demo

DEMO_FILE_NAMES = ("northmoor-annex-a-", "northmoor-case-list-")


@demo.register("casework imports")
def seed(*, today: date, rng) -> str:
    """Two imports the demo's QA officer made: last month's Annex A and last night's case list."""
    if ImportRun.objects.filter(file_name__startswith=DEMO_FILE_NAMES[0]).exists():
        return "import history already there"
    qa_officer = get_user_model().objects.filter(username="qa").first()
    children = Child.objects.count()
    episodes = {kind: Episode.objects.filter(kind=kind).count() for kind in Episode.Kind.values}
    month_start = today.replace(day=1) - timedelta(days=1)
    runs = [
        (
            f"{DEMO_FILE_NAMES[0]}{month_start:%Y-%m}.xlsx",
            ImportRun.Source.ANNEX_A,
            ImportRun.Origin.UPLOAD,
            month_start,
            qa_officer,
            [
                _problem("List 6", 14, "Allocated Worker", "is #N/A, an error in the spreadsheet"),
                _problem("List 8", 31, "Placement postcode", "'nope' is not a postcode"),
            ],
        ),
        (
            f"{DEMO_FILE_NAMES[1]}{today - timedelta(days=1):%Y-%m-%d}.csv",
            ImportRun.Source.CASE_CSV,
            ImportRun.Origin.DROP_FOLDER,
            today - timedelta(days=1),
            None,
            [],
        ),
    ]
    for file_name, source, origin, as_at, user, problems in runs:
        ImportRun.objects.create(
            source=source,
            origin=origin,
            status=ImportRun.Status.APPLIED,
            file_name=file_name,
            sha256=hashlib.sha256(file_name.encode()).hexdigest(),
            size_bytes=rng.randint(40_000, 400_000),
            as_at=as_at,
            counts={
                "rows": sum(episodes.values()),
                "rows_rejected": 0,
                "rows_doubtful": len(problems),
                "children": children,
                "children_created": 0,
                "children_updated": rng.randint(0, 20),
                "episodes": episodes,
                "episodes_created": 0,
                "episodes_updated": rng.randint(20, 120),
                "episodes_closed_not_in_file": 0,
                "teams": 8,
                "teams_created": 0,
                "workers": 32,
                "workers_created": 0,
                "allocations_opened": rng.randint(5, 25),
                "allocations_closed": rng.randint(5, 25),
            },
            problems=problems,
            doubtful_count=len(problems),
            created_by=user,
            applied_by=user,
            applied_at=timezone.now(),
        )
    return f"{len(runs)} imports in the history"


def _problem(sheet: str, row: int, column: str, reason: str) -> dict:
    return {"list": sheet, "row": row, "column": column, "reason": reason, "severity": "doubtful"}
