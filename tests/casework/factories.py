"""Factories and small files for the case-data import tests."""

import csv
import datetime as dt
import hashlib
from pathlib import Path

import factory
from openpyxl import Workbook

from casework.models import ImportRun

# The header of each Annex A list as the sample has it, trimmed to the columns the import reads.
ANNEX_A_HEADERS = {
    1: ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date of Contact"],
    2: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    3: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Date of Referral",
        "Allocated Team",
        "Allocated Worker",
    ],
    4: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Continuous Assessment Date of Authorisation",
        "Allocated Team",
        "Allocated Worker",
    ],
    5: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Date of Initial Child Protection Conference",
        "Allocated Team",
        "Allocated Worker",
    ],
    6: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "CIN Start Date",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Allocated Team",
        "Allocated Worker",
    ],
    7: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Allocated Team",
        "Allocated Worker",
    ],
    8: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Placement postcode",
        "Allocated Team",
        "Allocated Worker",
    ],
    9: [
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
    ],
}


def annex_a_workbook(
    path: Path,
    rows: dict[int, list[dict]] | None = None,
    *,
    lists: tuple[int, ...] = tuple(range(1, 10)),
    headers: dict[int, list[str]] | None = None,
    other_sheets: tuple[str, ...] = (),
    saved: dt.datetime | None = dt.datetime(2026, 3, 31, 9, 0),
) -> Path:
    """Write an Annex A workbook: ``rows`` maps list number -> rows as {header: value}."""
    rows = rows or {}
    headers = {**ANNEX_A_HEADERS, **(headers or {})}
    book = Workbook()
    book.remove(book.active)
    if saved is not None:
        book.properties.modified = saved
    for number in lists:
        sheet = book.create_sheet(f"List {number}")
        sheet.append(headers[number])
        for row in rows.get(number, []):
            sheet.append([row.get(header) for header in headers[number]])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
    for title in other_sheets:
        book.create_sheet(title).append(["Notes"])
    book.save(path)
    return path


CASE_CSV_COLUMNS = [
    "child_id",
    "case_type",
    "team",
    "worker",
    "start_date",
    "date_of_birth",
    "gender",
    "latest_review_date",
    "last_statutory_visit_date",
]


def case_csv(path: Path, rows: list[dict], *, columns=CASE_CSV_COLUMNS, encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    source = ImportRun.Source.ANNEX_A
    origin = ImportRun.Origin.UPLOAD
    status = ImportRun.Status.APPLIED
    file_name = factory.Sequence(lambda n: f"annex-a-{n}.xlsx")
    sha256 = factory.LazyAttribute(lambda run: hashlib.sha256(run.file_name.encode()).hexdigest())
    size_bytes = 12_345
    as_at = dt.date(2026, 3, 31)
    counts = factory.LazyFunction(
        lambda: {
            "rows": 10,
            "rows_rejected": 1,
            "rows_doubtful": 2,
            "children": 9,
            "children_created": 9,
            "children_updated": 0,
            "episodes": {"cin": 6, "cp": 4},
            "episodes_created": 10,
            "episodes_updated": 0,
            "episodes_closed_not_in_file": 0,
            "teams": 2,
            "teams_created": 2,
            "workers": 3,
            "workers_created": 3,
            "allocations_opened": 8,
            "allocations_closed": 0,
        }
    )
    problems = factory.LazyFunction(
        lambda: [
            {
                "list": "List 6",
                "row": 4,
                "column": "Allocated Worker",
                "reason": "is #N/A, an error in the spreadsheet",
                "severity": "doubtful",
            }
        ]
    )
    doubtful_count = 1


ROWS_FOR_CSV = [
    {
        "child_id": "A1",
        "case_type": "CIN",
        "team": "Safeguarding 1",
        "worker": "Ann Smith",
        "start_date": "05/01/2026",
    },
    {
        "child_id": "A2",
        "case_type": "CP",
        "team": "Safeguarding 1",
        "worker": "Bob Jones",
        "start_date": "01/02/2026",
    },
]
