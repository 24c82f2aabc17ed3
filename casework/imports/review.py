"""Dates that are readable but doubtful once the snapshot date is known."""

import datetime as dt

from casework.models import Episode

from .records import EVENT_DATE_FIELDS, KEY_DATE_FIELDS, ParsedImport, Problem
from .rows import KIND_LABELS

# Nine months: assessments and protection plans can rightly start before a child is born.
BEFORE_BIRTH_ALLOWANCE = dt.timedelta(days=280)
# An open case for a child this old is doubtful (care leavers are supported up to 25).
ADULT_AGE = {Episode.Kind.CARE_LEAVER: 26}
DEFAULT_ADULT_AGE = 18


def review_dates(parsed: ParsedImport, as_at: dt.date) -> list[Problem]:
    """Doubtful dates: after the snapshot, long before birth, or an adult with an open case."""
    found: list[Problem] = []
    for episode in parsed.episodes:
        child = parsed.children[episode.child_id]
        start_column = episode.headers.get("start_date", "start date")
        if episode.start_date and episode.start_date > as_at and not episode.start_derived:
            found.append(
                Problem(
                    Problem.DOUBTFUL,
                    episode.sheet,
                    episode.row,
                    start_column,
                    f"{episode.start_date:%d/%m/%Y} is after the snapshot date "
                    f"({as_at:%d/%m/%Y}); check the date",
                )
            )
        found.extend(_later_than_snapshot(episode, as_at))
        dob = child.date_of_birth
        if dob is None:
            continue
        if (
            episode.start_date
            and not episode.start_derived
            and episode.start_date < dob - BEFORE_BIRTH_ALLOWANCE
        ):
            found.append(
                Problem(
                    Problem.DOUBTFUL,
                    episode.sheet,
                    episode.row,
                    start_column,
                    f"{episode.start_date:%d/%m/%Y} is more than nine months before the child's "
                    f"date of birth ({dob:%d/%m/%Y}); one of the two is probably wrong",
                )
            )
        is_open = episode.end_date is None or episode.end_date > as_at
        if is_open and episode.kind in Episode.CASE_KINDS:
            age = _age(dob, as_at)
            limit = ADULT_AGE.get(episode.kind, DEFAULT_ADULT_AGE)
            if age >= limit:
                found.append(
                    Problem(
                        Problem.DOUBTFUL,
                        episode.sheet,
                        episode.row,
                        episode.headers.get("date_of_birth", "date of birth"),
                        f"the child is {age} at the snapshot date ({as_at:%d/%m/%Y}), too old "
                        f"for an open {KIND_LABELS[episode.kind].lower()} case; check the date "
                        "of birth or whether the case has closed",
                    )
                )
    return found


def _later_than_snapshot(episode, as_at: dt.date) -> list[Problem]:
    """End, review, visit, placement and other dates the file gives that are after the snapshot.

    Only dates read from their own column are checked; one worked out from another (a plan
    start from the start date, a statutory visit from the social work visit) is not reported
    twice.
    """
    dates = {"end_date": episode.end_date, **episode.details}
    return [
        Problem(
            Problem.DOUBTFUL,
            episode.sheet,
            episode.row,
            episode.headers[name],
            f"{dates[name]:%d/%m/%Y} is after the snapshot date ({as_at:%d/%m/%Y}); check the date",
        )
        for name in ("end_date", *KEY_DATE_FIELDS, *EVENT_DATE_FIELDS)
        if name in episode.headers and dates.get(name) is not None and dates[name] > as_at
    ]


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
