"""The Ofsted Annex A workbook, lists 1-9, read in one streaming pass (workbook.py).

Sheets are found by name ("List 1" to "List 9") and columns by header, compared without case,
spacing, punctuation or the word "the", so small differences between councils' returns do not
matter. A list missing a required column refuses the whole file before anything is read.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from casework.models import Episode

from .codes import clean_text
from .records import ImportRefused, ParsedImport
from .rows import RecordBuilder
from .workbook import WORKBOOK_READ_ERRORS, ReadBudget, open_workbook, refusal_for, sheet_rows

SOURCE_FAMILY = "Annex A"

# Header texts are compared without case, spaces, punctuation or the word "the".
CHILD_COLUMNS = {
    "child_id": ("Child Unique ID", "Child ID", "Unique ID", "Child Identifier", "Person ID"),
    "gender": ("Gender", "Sex"),
    "ethnicity": ("Ethnicity",),
    "date_of_birth": ("Date of Birth", "DOB"),
    "disability": ("Does the Child have a Disability", "Disability", "Disabled"),
}
ALLOCATION_COLUMNS = {
    "team": ("Allocated Team", "Team"),
    "worker": ("Allocated Worker", "Allocated Social Worker", "Social Worker", "Worker"),
}


@dataclass(frozen=True)
class AnnexAList:
    number: int
    kind: str
    title: str
    columns: dict[str, tuple[str, ...]]

    @property
    def required(self) -> tuple[str, ...]:
        return ("child_id", "start_date") if "start_date" in self.columns else ("child_id",)


def _list(number: int, kind: str, title: str, allocated: bool = True, **columns) -> AnnexAList:
    return AnnexAList(
        number=number,
        kind=kind,
        title=title,
        columns={**CHILD_COLUMNS, **(ALLOCATION_COLUMNS if allocated else {}), **columns},
    )


LISTS = {
    spec.number: spec
    for spec in (
        _list(
            1,
            Episode.Kind.CONTACT,
            "Contacts",
            allocated=False,
            start_date=("Date of Contact", "Contact Date"),
        ),
        _list(
            2,
            Episode.Kind.EARLY_HELP,
            "Early help assessments",
            allocated=False,
            start_date=("Assessment start date", "Early Help Assessment Start Date"),
            assessment_authorised_date=(
                "Assessment completion date",
                "Early Help Assessment Completion Date",
            ),
            team=("Organisation completing assessment", "Allocated Team"),
        ),
        _list(3, Episode.Kind.REFERRAL, "Referrals", start_date=("Date of Referral",)),
        _list(
            4,
            Episode.Kind.ASSESSMENT,
            "Assessments",
            start_date=("Continuous Assessment Start Date", "Assessment Start Date"),
            assessment_authorised_date=(
                "Continuous Assessment Date of Authorisation",
                "Assessment Date of Authorisation",
                "Date of Authorisation",
            ),
        ),
        _list(
            5,
            Episode.Kind.SECTION_47,
            "Section 47 enquiries and ICPCs",
            start_date=(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Section 47 Enquiry Start Date",
                "Strategy Discussion Date",
            ),
            icpc_date=(
                "Date of Initial Child Protection Conference",
                "ICPC Date",
            ),
        ),
        _list(
            6,
            Episode.Kind.CIN,
            "Children in need",
            start_date=("CIN Start Date",),
            end_date=("CIN Closure Date",),
            last_statutory_visit_date=("Date Child Was Last Seen",),
        ),
        _list(
            7,
            Episode.Kind.CP,
            "Child protection",
            start_date=("Child Protection Plan Start Date", "CP Plan Start Date"),
            end_date=("Child Protection Plan End Date", "CP Plan End Date"),
            last_statutory_visit_date=("Date of the Last Statutory Visit",),
            seen_alone=("Was the Child Seen Alone?",),
            latest_review_date=("Date of latest review conference",),
            abuse_category=("Latest Category of Abuse", "Initial Category of Abuse"),
        ),
        _list(
            8,
            Episode.Kind.CLA,
            "Children looked after",
            start_date=("Date Started to be Looked After", "CLA Start Date"),
            end_date=("Date Ceased to be Looked After", "CLA End Date"),
            latest_review_date=("Date of Latest Statutory Review",),
            last_social_work_visit_date=("Date of Last Social Work Visit",),
            last_health_check_date=("Date of Last Health Assessment",),
            last_dental_check_date=("Date of Last Dental Check",),
            placements_last_12_months=("Number of Placements in the Last 12 months",),
            postcode=("Placement postcode",),
            placement_start_date=("Start Date of Most Recent Placement", "Placement Start Date"),
            placement_type=("Placement Type",),
        ),
        _list(
            9,
            Episode.Kind.CARE_LEAVER,
            "Care leavers",
            pathway_plan_date=(
                "Date of Latest Pathway Plan",
                "Pathway Plan Date",
                "Date of Pathway Plan Review",
            ),
        ),
    )
}
_SHEET_NUMBER = re.compile(r"^\s*list\s*(\d+)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
HEADER_SEARCH_ROWS = 10


def header_key(text) -> str:
    words = clean_text(text).casefold().split()
    return _NOT_WORD.sub("", "".join(word for word in words if word != "the"))


def parse_annex_a(path: Path) -> ParsedImport:
    """Read lists 1-9; refuse the whole file if it is not a workbook or misses a required column."""
    workbook = open_workbook(path)
    try:
        return _parse(workbook)
    except WORKBOOK_READ_ERRORS as error:
        # A part of the workbook is missing, truncated, not XML or unsafe XML.
        raise refusal_for(error) from error
    finally:
        workbook.close()


def _parse(workbook) -> ParsedImport:
    sheets: dict[int, object] = {}
    notes: list[str] = []
    for worksheet in workbook.worksheets:
        match = _SHEET_NUMBER.match(worksheet.title)
        number = int(match.group(1)) if match else None
        if number in LISTS and number not in sheets:
            sheets[number] = worksheet
        else:
            notes.append(
                f"The sheet '{worksheet.title}' is not one of lists 1 to 9; it was skipped."
            )
    if not sheets:
        raise ImportRefused(
            "This workbook has none of the Annex A lists: we look for sheets named 'List 1' to "
            "'List 9'. Check it is the Annex A return."
        )
    missing_lists = sorted(set(LISTS) - set(sheets))
    if missing_lists:
        notes.append(
            "This workbook has no "
            + ", ".join(f"List {number}" for number in missing_lists)
            + ". Cases missing from it were not closed, because the file is not complete."
        )

    layouts = {}
    refusals = []
    for number, worksheet in sorted(sheets.items()):
        layout, missing = _layout(LISTS[number], worksheet)
        if missing:
            refusals.append(
                f"{worksheet.title} has no "
                + " or ".join(f"'{header}'" for header in missing)
                + " column."
            )
        else:
            layouts[number] = layout
            absent = [
                LISTS[number].columns[name][0]
                for name in ("team", "worker")
                if name in LISTS[number].columns and name not in layout[1]
            ]
            if absent:
                notes.append(
                    f"{worksheet.title} has no "
                    + " or ".join(f"'{header}'" for header in absent)
                    + " column, so it names no allocated worker."
                )
    if refusals:
        raise ImportRefused(
            " ".join(refusals) + " Nothing was imported. Add the missing columns (the header "
            "names are in the Annex A guidance) and try again."
        )

    problems: list = []
    builder = RecordBuilder(problems)
    budget = ReadBudget()
    for number, (header_row, columns, headers) in layouts.items():
        spec = LISTS[number]
        worksheet = sheets[number]
        sheet_name = worksheet.title.strip()
        source_reference = f"{SOURCE_FAMILY} list {number}"
        fields = list(columns.items())
        for row_number, values in sheet_rows(worksheet, frozenset(columns.values()), budget):
            if row_number <= header_row:
                continue
            builder.add_row(
                sheet=sheet_name,
                row=row_number,
                kind=spec.kind,
                precedence=number,
                source_reference=source_reference,
                values={name: values.get(column) for name, column in fields},
                headers=headers,
            )

    modified = workbook.properties.modified or workbook.properties.created
    return ParsedImport(
        source_family=SOURCE_FAMILY,
        children=builder.children,
        episodes=builder.episodes,
        problems=problems,
        notes=notes,
        complete_kinds=frozenset(spec.kind for spec in LISTS.values())
        if not missing_lists
        else frozenset(),
        file_date=modified.date() if modified else None,
        rows_read=builder.rows_read,
        rows_rejected=builder.rows_rejected,
    )


def _layout(spec: AnnexAList, worksheet):
    """Find the header row and the column of each field; return what is missing, if anything."""
    wanted = {
        name: {header_key(header) for header in headers} for name, headers in spec.columns.items()
    }
    child_id_keys = wanted["child_id"]
    for row_number, values in sheet_rows(worksheet):
        if row_number > HEADER_SEARCH_ROWS:
            break
        keys = {column: header_key(value) for column, value in values.items()}
        if not child_id_keys & set(keys.values()):
            continue
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for name, accepted in wanted.items():
            # The first accepted name that is present wins; so does the leftmost column.
            for header in spec.columns[name]:
                key = header_key(header)
                if key not in accepted:
                    continue
                matches = [column for column, found in sorted(keys.items()) if found == key]
                if matches:
                    columns[name] = matches[0]
                    headers[name] = clean_text(values[matches[0]])
                    break
        missing = [spec.columns[name][0] for name in spec.required if name not in columns]
        return (row_number, columns, headers), missing
    return None, [spec.columns["child_id"][0]]
