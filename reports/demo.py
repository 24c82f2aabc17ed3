"""Demo data: the quarter before last, approved, and last financial year's summary, published."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from qaf import demo
from qaf.workdays import add_months

from .models import AssuranceReport
from .periods import last_ended_quarter, quarter_end, year_end, year_start
from .services import report_draft, report_move, report_narrative_save

QUARTER_SUMMARY = (
    "Every team was sampled in each month of the quarter, and most audits were graded by the "
    "month's end. Fewer cases were graded inadequate than in the quarter before, and both "
    "auditors agreed the grade in most audits without moderation.\n\n"
    "Children and families told us most often that they find it hard to reach their social "
    "worker when the worker is away. Teams now share a duty contact in every letter.\n\n"
    "Next quarter we will look again at plans that are not shared with families, the theme "
    "found most often in this quarter's audits."
)
YEAR_SUMMARY = (
    "This year we checked the quality of our work every month, in every team. Children, young "
    "people and their families answered our feedback forms, and participation groups helped "
    "us to understand what the audits found.\n\n"
    "What we are most proud of: more children are seen on their own, and more families have a "
    "copy of their plan. What we still need to do better: keeping the same social worker, and "
    "calling back when we say we will."
)


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _sign_off(
    report: AssuranceReport, *, narrative: str, qa, counted: date, on: date, publish: bool
) -> None:
    report_narrative_save(report=report, narrative=narrative, by=qa)
    report_move(report=report, action="approve", by=qa)
    moments = [_aware(counted, 9), _aware(on - timedelta(days=2), 11), _aware(on, 15)]
    AssuranceReport.objects.filter(pk=report.pk).update(
        figures_counted_at=moments[0], created_at=moments[0], approved_at=moments[2]
    )
    if publish:
        report_move(report=report, action="publish", by=qa)
        moments.append(_aware(on + timedelta(days=7), 10))
        AssuranceReport.objects.filter(pk=report.pk).update(published_at=moments[3])
    # The history reads as the work happened: drafted, summary written, approved, published.
    rows = AssuranceReport.history.filter(id=report.pk).order_by("history_id")
    for row, moment in zip(rows, moments, strict=False):
        AssuranceReport.history.filter(history_id=row.history_id).update(history_date=moment)


# A report is signed off a few weeks after its period ends; until then the demo shows the
# scheduled job's draft of it, and the period before as the latest signed off.
SIGN_OFF_AFTER = timedelta(days=21)


def _signed_off_start(latest: date, end_of, before, today: date) -> tuple[date, date | None]:
    """The start of the period to show signed off, and of a later one to leave as a draft."""
    if today - end_of(latest) >= SIGN_OFF_AFTER:
        return latest, None
    return before(latest), latest


@demo.register("reports")
def seed(*, today: date, rng: random.Random) -> str:
    qa = get_user_model().objects.filter(username="qa").first()
    if qa is None:
        return "no demo authority to report on"
    quarter, quarter_draft = _signed_off_start(
        last_ended_quarter(today), quarter_end, lambda start: add_months(start, -3), today
    )
    year, _year_draft = _signed_off_start(
        date(year_start(today).year - 1, 4, 1),
        year_end,
        lambda start: date(start.year - 1, 4, 1),
        today,
    )
    made = []
    for kind, start, narrative, publish in (
        (AssuranceReport.Kind.QUARTER, quarter, QUARTER_SUMMARY, False),
        (AssuranceReport.Kind.YEAR, year, YEAR_SUMMARY, True),
    ):
        report, created = report_draft(kind=kind, period_start=start, by=qa)
        if not created:
            continue
        counted = report.period_end + timedelta(days=3 + rng.randint(0, 3))
        _sign_off(
            report,
            narrative=narrative,
            qa=qa,
            counted=counted,
            on=counted + timedelta(days=10 + rng.randint(0, 4)),
            publish=publish,
        )
        made.append(str(report))
    if quarter_draft is not None:
        report, created = report_draft(
            kind=AssuranceReport.Kind.QUARTER, period_start=quarter_draft
        )
        if created:
            # Drafted by the scheduled job early on the quarter's first day after it ended.
            drafted = _aware(report.period_end + timedelta(days=1), 6)
            AssuranceReport.objects.filter(pk=report.pk).update(
                figures_counted_at=drafted, created_at=drafted
            )
            AssuranceReport.history.filter(id=report.pk).update(history_date=drafted)
            made.append(str(report))
    return f"{len(made)} assurance reports" if made else "reports already there"
