"""The plain CSV case list: one row per open case, for councils that cannot produce Annex A.

The columns are documented in docs/case-data-imports.md. Header names are matched without case,
spaces or underscores, so "Child ID", "child_id" and "CHILD ID" are the same column.
"""

import csv
import datetime as dt
import io
from pathlib import Path

from django.utils import timezone

from casework.models import Episode

from .annex_a import header_key
from .codes import clean_text, code_key, memoised
from .records import ImportRefused, ParsedImport, RowProblems
from .rows import RecordBuilder
from .workbook import ReadBudget

SOURCE_FAMILY = "Case list"
SHEET = "Case list"

# field -> accepted header names (the first is the documented one)
COLUMNS = {
    "child_id": ("child_id", "child unique id", "child id"),
    "case_type": ("case_type", "case type", "type"),
    "team": ("team", "allocated team"),
    "worker": ("worker", "allocated worker", "social worker"),
    "start_date": ("start_date", "start date", "case start date"),
    "end_date": ("end_date", "end date", "closure date"),
    "display_name": ("display_name", "initials", "preferred name"),
    "date_of_birth": ("date_of_birth", "date of birth", "dob"),
    "gender": ("gender",),
    "ethnicity": ("ethnicity",),
    "disability": ("disability",),
    "assessment_authorised_date": ("assessment_authorised_date",),
    "strategy_discussion_date": ("strategy_discussion_date",),
    "icpc_date": ("icpc_date",),
    "plan_start_date": ("plan_start_date",),
    "latest_review_date": ("latest_review_date",),
    "last_statutory_visit_date": ("last_statutory_visit_date",),
    "last_seen_alone_date": ("last_seen_alone_date",),
    "last_social_work_visit_date": ("last_social_work_visit_date",),
    "last_health_check_date": ("last_health_check_date",),
    "last_dental_check_date": ("last_dental_check_date",),
    "placements_last_12_months": ("placements_last_12_months",),
    "seen_alone": ("seen_alone", "seen alone at last visit"),
    "placement_start_date": ("placement_start_date",),
    "placement_type": ("placement_type",),
    "pathway_plan_date": ("pathway_plan_date",),
}
REQUIRED = ("child_id", "case_type", "start_date", "team", "worker")
# When one child has several open cases, the worker on the most intensive one is the allocation.
PRECEDENCE = {
    Episode.Kind.CONTACT: 1,
    Episode.Kind.EARLY_HELP: 2,
    Episode.Kind.REFERRAL: 3,
    Episode.Kind.ASSESSMENT: 4,
    Episode.Kind.SECTION_47: 5,
    Episode.Kind.CIN: 6,
    Episode.Kind.CP: 7,
    Episode.Kind.CLA: 8,
    Episode.Kind.CARE_LEAVER: 9,
}


def parse_case_csv(path: Path) -> ParsedImport:
    raw = path.read_bytes()
    notes: list[str] = []
    _refuse_what_is_not_text(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append("The file is not UTF-8; it was read as Windows text (cp1252).")
    budget = ReadBudget()
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
    except csv.Error as error:
        raise ImportRefused(f"This file cannot be read as CSV: {error}.") from error
    if not header or not any(cell.strip() for cell in header):
        raise ImportRefused("This CSV file is empty: the first line must name the columns.")

    keys = [header_key(cell) for cell in header]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for name, accepted in COLUMNS.items():
        for alias in accepted:
            key = header_key(alias)
            if key in keys:
                columns[name] = keys.index(key)
                headers[name] = header[columns[name]].strip()
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in columns]
    if missing:
        raise ImportRefused(
            "This case list has no "
            + ", ".join(f"'{name}'" for name in missing)
            + " column. The first line must name the columns; see the case list guide. "
            "Nothing was imported."
        )
    unknown = [
        cell.strip()
        for index, cell in enumerate(header)
        if cell.strip() and index not in columns.values()
    ]
    if unknown:
        notes.append(
            "These columns are not part of the case list and were ignored: "
            + ", ".join(f"'{name}'" for name in unknown)
            + "."
        )

    problems: list = []
    builder = RecordBuilder(problems)
    fields = [(name, index) for name, index in columns.items() if name != "case_type"]
    try:
        for line_number, row in enumerate(reader, start=2):
            budget.take(len(row))
            if not any(cell.strip() for cell in row):
                continue
            kind, reason = read_case_type(_cell(row, columns["case_type"]))
            if reason:
                builder.rows_read += 1
                builder.rows_rejected += 1
                RowProblems(problems, SHEET, line_number).reject(headers["case_type"], reason)
                continue
            builder.add_row(
                sheet=SHEET,
                row=line_number,
                kind=kind,
                precedence=PRECEDENCE[kind],
                source_reference=SOURCE_FAMILY,
                values={name: _cell(row, index) for name, index in fields},
                headers=headers,
            )
    except csv.Error as error:
        raise ImportRefused(f"This file cannot be read as CSV: {error}.") from error

    modified = timezone.localtime(dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC))
    return ParsedImport(
        source_family=SOURCE_FAMILY,
        children=builder.children,
        episodes=builder.episodes,
        problems=problems,
        notes=notes,
        # One row per open case: a case from an earlier list that is not here has closed.
        complete_kinds=frozenset(Episode.CASE_KINDS),
        file_date=modified.date(),
        rows_read=builder.rows_read,
        rows_rejected=builder.rows_rejected,
    )


def _refuse_what_is_not_text(raw: bytes) -> None:
    """Refuse an empty file, a workbook, or a file with NUL bytes (not text) anywhere in it."""
    if not raw.strip():
        raise ImportRefused("This file is empty. Export the case list again and upload that.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(
            "This file is saved as 'Unicode text' (UTF-16), not as CSV. Save the case list "
            "from Excel as 'CSV UTF-8 (comma delimited)' and upload that."
        )
    if raw.startswith(b"PK\x03\x04"):
        raise ImportRefused(
            "This file is a workbook, not a CSV file. Upload it as a workbook (.xlsx), or save "
            "the case list as 'CSV UTF-8 (comma delimited)' and upload that."
        )
    nul = raw.find(b"\x00")
    if nul != -1:
        line = raw.count(b"\n", 0, nul) + 1
        raise ImportRefused(
            f"This file is not a CSV file: line {line} holds a NUL character, which text never "
            "contains (the file may be damaged, or saved in another format). Save the case "
            "list as 'CSV UTF-8 (comma delimited)' and upload that."
        )


_CASE_TYPES = {
    "contact": Episode.Kind.CONTACT,
    "early help": Episode.Kind.EARLY_HELP,
    "early_help": Episode.Kind.EARLY_HELP,
    "eh": Episode.Kind.EARLY_HELP,
    "referral": Episode.Kind.REFERRAL,
    "assessment": Episode.Kind.ASSESSMENT,
    "section 47": Episode.Kind.SECTION_47,
    "section_47": Episode.Kind.SECTION_47,
    "s47": Episode.Kind.SECTION_47,
    "section 47 enquiry": Episode.Kind.SECTION_47,
    "cin": Episode.Kind.CIN,
    "child in need": Episode.Kind.CIN,
    "child_in_need": Episode.Kind.CIN,
    "cp": Episode.Kind.CP,
    "cpp": Episode.Kind.CP,
    "child protection": Episode.Kind.CP,
    "child_protection": Episode.Kind.CP,
    "cla": Episode.Kind.CLA,
    "lac": Episode.Kind.CLA,
    "looked after": Episode.Kind.CLA,
    "child looked after": Episode.Kind.CLA,
    "looked after child": Episode.Kind.CLA,
    "child_looked_after": Episode.Kind.CLA,
    "children in care": Episode.Kind.CLA,
    "care leaver": Episode.Kind.CARE_LEAVER,
    "care_leaver": Episode.Kind.CARE_LEAVER,
    "leaving care": Episode.Kind.CARE_LEAVER,
}


@memoised
def read_case_type(value) -> tuple[str | None, str | None]:
    key = code_key(value)
    if not key:
        return None, "is blank; every row needs its case type"
    if key in _CASE_TYPES:
        return _CASE_TYPES[key], None
    return None, (
        f"'{clean_text(value)}' is not a case type; use early help, CIN, CP, CLA or care leaver"
    )


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""
