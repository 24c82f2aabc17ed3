"""Turning one row of raw values into clean child and episode records (shared by both parsers)."""

import datetime as dt

from casework.models import Child, Episode

from . import codes
from .records import (
    EVENT_CODE_FIELDS,
    EVENT_DATE_FIELDS,
    KEY_DATE_FIELDS,
    ChildRecord,
    EpisodeRecord,
    Problem,
    RowProblems,
)

# Kinds whose episodes are a single event: they end on the day they start.
EVENT_KINDS = frozenset({Episode.Kind.CONTACT, Episode.Kind.REFERRAL})
KIND_LABELS = dict(Episode.Kind.choices)

# Raw-value fields a row may carry, beyond the episode's key dates.
DATE_FIELDS = frozenset(
    {
        "start_date",
        "end_date",
        "date_of_birth",
        "assessment_authorised_date",
        "strategy_discussion_date",
        "icpc_date",
        "plan_start_date",
        "latest_review_date",
        "last_statutory_visit_date",
        "last_seen_alone_date",
        "last_social_work_visit_date",
        "last_health_check_date",
        "last_dental_check_date",
        *EVENT_DATE_FIELDS,
    }
)
_CHILD_FIELDS = ("display_name", "date_of_birth", "gender", "ethnicity", "disability")
_NOT_RECORDED = {
    "display_name": "",
    "date_of_birth": None,
    "gender": Child.Gender.NOT_RECORDED,
    "ethnicity": "",
    "disability": Child.Disability.NOT_RECORDED,
}


def eighteenth_birthday(date_of_birth: dt.date) -> dt.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:  # born on 29 February
        return dt.date(date_of_birth.year + 18, 3, 1)


class RecordBuilder:
    """Accumulates children and episodes from rows, reporting every problem where it was found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.children: dict[str, ChildRecord] = {}
        self.episodes: list[EpisodeRecord] = []
        self.rows_read = 0
        self.rows_rejected = 0
        # (child_id, kind, start) -> "List 3 row 4", to reject a repeated row.
        self._seen: dict[tuple, str] = {}

    def add_row(
        self,
        *,
        sheet: str,
        row: int,
        kind: str,
        precedence: int,
        source_reference: str,
        values: dict,
        headers: dict[str, str],
    ) -> None:
        """Read ``values`` (field -> raw cell value); ``headers`` names each field's column."""
        self.rows_read += 1
        found = RowProblems(self.problems, sheet, row)

        child_id, reason = codes.read_child_id(values.get("child_id"))
        if reason:
            found.reject(headers["child_id"], reason)
            self.rows_rejected += 1
            return

        start, reason = codes.read_date(values.get("start_date"))
        start_derived = False
        if start is None:
            if kind == Episode.Kind.CARE_LEAVER and "start_date" not in headers:
                # Annex A list 9 has no start date: a care leaver's status starts at 18.
                start_derived = True
            else:
                label = KIND_LABELS[kind].lower()
                found.reject(
                    headers.get("start_date", "start date"),
                    f"{reason}; a {label} needs its start date, so the row was not imported"
                    if reason
                    else f"is blank; a {label} needs its start date",
                )
                self.rows_rejected += 1
                return
        elif reason:
            found.doubtful(headers["start_date"], reason)

        key = (child_id, kind, None if start_derived else start)
        if key in self._seen:
            found.reject(
                headers["child_id"],
                f"repeats {self._seen[key]} (same child, same "
                f"{KIND_LABELS[kind].lower()}{'' if start_derived else ', same start date'}); "
                "the repeat was not imported",
            )
            self.rows_rejected += 1
            return
        self._seen[key] = f"{sheet} row {row}"

        dates: dict[str, dt.date | None] = {"start_date": start}
        for name, raw in values.items():
            if name in DATE_FIELDS and name != "start_date":
                dates[name], reason = codes.read_date(raw)
                if reason:
                    found.doubtful(headers[name], reason)

        child = self._child(child_id, values, dates, found, sheet, row, headers)
        if start_derived and child.date_of_birth is not None:
            start = eighteenth_birthday(child.date_of_birth)

        details = {
            name: dates[name]
            for name in (*KEY_DATE_FIELDS, *EVENT_DATE_FIELDS)
            if dates.get(name) is not None
        }
        end = dates.get("end_date")
        ended_in_file = end is not None
        if kind in EVENT_KINDS:
            end = start
        elif kind == Episode.Kind.ASSESSMENT and end is None:
            end = details.get("assessment_authorised_date")
        elif kind == Episode.Kind.SECTION_47:
            details.setdefault("strategy_discussion_date", start)
        elif kind == Episode.Kind.CP:
            details.setdefault("plan_start_date", start)
        elif kind == Episode.Kind.CLA and "last_social_work_visit_date" in details:
            # For a looked-after child the statutory visit is the social worker's visit.
            details.setdefault("last_statutory_visit_date", details["last_social_work_visit_date"])
        if start is not None and end is not None and end < start:
            column = headers.get("end_date") or headers.get("assessment_authorised_date", "")
            found.doubtful(
                column,
                f"{end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}; the end date was "
                "left out",
            )
            end = None
            ended_in_file = False

        seen_alone = None
        if "seen_alone" in values:
            answer, reason = codes.read_yes_no(values["seen_alone"])
            if reason:
                found.doubtful(headers["seen_alone"], reason)
            elif answer is not None and "last_statutory_visit_date" in details:
                seen_alone = answer
                if answer:
                    details["last_seen_alone_date"] = details["last_statutory_visit_date"]
        event_codes = {
            name: codes.event_code(values[name])
            for name in EVENT_CODE_FIELDS
            if name in values and codes.event_code(values[name])
        }
        if "placements_last_12_months" in values:
            count, reason = codes.read_count(values["placements_last_12_months"])
            if reason:
                found.doubtful(headers["placements_last_12_months"], reason)
            elif count is not None:
                details["placements_last_12_months"] = count
        if "postcode" in values:
            reason = codes.check_postcode(values["postcode"])
            if reason:
                found.doubtful(
                    headers["postcode"], f"{reason}; the framework does not keep postcodes"
                )

        team_name = worker_name = ""
        if "team" in values:
            team_name, reason = codes.read_person_name(values["team"], what="team")
            if reason:
                found.doubtful(headers["team"], reason)
        if "worker" in values:
            worker_name, reason = codes.read_person_name(values["worker"], what="allocated worker")
            if reason:
                found.doubtful(headers["worker"], reason)

        self.episodes.append(
            EpisodeRecord(
                child_id=child_id,
                kind=kind,
                start_date=start,
                end_date=end,
                team_name=team_name,
                worker_name=worker_name,
                sheet=sheet,
                row=row,
                source_reference=source_reference,
                precedence=precedence,
                ended_in_file=ended_in_file,
                start_derived=start_derived,
                details=details,
                seen_alone=seen_alone,
                event_codes=event_codes,
                headers=headers,
            )
        )

    def _child(self, child_id, values, dates, found, sheet, row, headers) -> ChildRecord:
        read = {}
        if "display_name" in values:
            read["display_name"] = codes.clean_text(values["display_name"])[:60]
        if "date_of_birth" in values:
            read["date_of_birth"] = dates.get("date_of_birth")
        for name, reader in (
            ("gender", codes.read_gender),
            ("ethnicity", codes.read_ethnicity),
            ("disability", codes.read_disability),
        ):
            if name in values:
                read[name], reason = reader(values[name])
                if reason:
                    found.doubtful(headers[name], reason)

        child = self.children.get(child_id)
        if child is None:
            child = self.children[child_id] = ChildRecord(child_id=child_id)
        place = f"{sheet} row {row}"
        for name in _CHILD_FIELDS:
            value = read.get(name, _NOT_RECORDED[name])
            if value == _NOT_RECORDED[name]:
                continue
            current = getattr(child, name)
            if current == _NOT_RECORDED[name]:
                setattr(child, name, value)
                child.seen_at[name] = place
            elif current != value:
                found.doubtful(
                    headers[name],
                    f"{_show(value)} differs from {child.seen_at[name]} ({_show(current)}); "
                    "the first was kept",
                )
        return child


def _show(value) -> str:
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).replace("_", " ")
