"""The Ofsted Annex A workbook, lists 1-9, read in one streaming pass.

The workbook is opened read-only with cached values. A formula saved without its value (common
when another program wrote the file) is reported instead of being read as a blank, and a formula
that is plainly a date literal is worked out.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import (
    FORMULA_TAG,
    INLINE_STRING,
    ROW_TAG,
    VALUE_TAG,
    WorkSheetParser,
)
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from casework.models import Episode

from .codes import UncalculatedFormula, clean_text
from .records import ImportRefused, ParsedImport
from .rows import RecordBuilder

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
        ),
        _list(9, Episode.Kind.CARE_LEAVER, "Care leavers"),
    )
}
TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"
_SHEET_NUMBER = re.compile(r"^\s*list\s*(\d+)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^a-z0-9]+")
HEADER_SEARCH_ROWS = 10


def header_key(text) -> str:
    words = clean_text(text).casefold().split()
    return _NOT_WORD.sub("", "".join(word for word in words if word != "the"))


class _RowParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, trimmed to what an import needs, one row at a time.

    It yields ``(row number, {column: value})`` with only the cells that hold something, and keeps
    a formula saved without its value as an ``UncalculatedFormula`` rather than a blank.
    """

    # The columns to read; the others are skipped without converting their values.
    wanted: frozenset[int] | None = None

    def parse(self):
        # Only rows matter here, so the loop skips openpyxl's look-up of every other element.
        for _, element in iterparse(self.source):
            if element.tag == ROW_TAG:
                yield self.parse_row(element)
                element.clear()

    def parse_row(self, row):
        number = row.get("r")
        self.row_counter = int(number) if number else self.row_counter + 1
        column = 0
        wanted = self.wanted
        values = {}
        for element in row:
            reference = element.get("r")
            column = _column_number(reference) if reference else column + 1
            if wanted is not None and column not in wanted:
                continue
            value = self._value(element)
            if value is not None:
                values[column] = value
        return self.row_counter, values

    def _date(self, number):
        dates = self.__dict__.setdefault("_dates", {})
        if number not in dates:
            try:
                dates[number] = from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                dates[number] = number
        return dates[number]

    def _value(self, element):
        data_type = element.get("t", "n")
        if data_type == "inlineStr":
            text = element.find(INLINE_STRING)
            return None if text is None else _inline_text(text)
        raw = element.findtext(VALUE_TAG)
        if not raw:
            formula = element.find(FORMULA_TAG)
            if formula is not None and formula.text:
                return UncalculatedFormula(formula.text)
            return None
        if data_type == "s":
            return self.shared_strings[int(raw)]
        if data_type == "n":
            number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            style = element.get("s")
            if style and int(style) in self.date_formats:
                return self._date(number)
            return number
        if data_type == "b":
            return raw == "1"
        if data_type == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text result) and "e" (an error such as #N/A)


_COLUMN_NUMBERS: dict[str, int] = {}


def _column_number(reference: str) -> int:
    letters = reference.rstrip("0123456789")
    number = _COLUMN_NUMBERS.get(letters)
    if number is None:
        number = _COLUMN_NUMBERS[letters] = column_index_from_string(letters)
    return number


def _inline_text(element) -> str:
    # The plain text and the rich-text runs, leaving out phonetic guides (as openpyxl does).
    parts = [element.findtext(TEXT_TAG) or ""]
    parts.extend(run.findtext(TEXT_TAG) or "" for run in element.iterfind(RUN_TAG))
    return "".join(parts)


def _rows(worksheet, columns: frozenset[int] | None = None) -> Iterator[tuple[int, dict]]:
    """(row number, {column number: value}) for each row that has a value, in one pass.

    Only ``columns`` are read when given.
    """
    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = _RowParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats - workbook._timedelta_formats,
        )
        parser.wanted = columns
        for number, values in parser.parse():
            if values:
                yield number, values


def open_workbook(path: Path):
    not_a_workbook = ImportRefused(
        "This file is not an Excel workbook (.xlsx). Save the Annex A return as an Excel "
        "Workbook and upload that."
    )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise not_a_workbook from error
    # A workbook is a zip of XML; one that unpacks to far more than any Annex A return is refused
    # before it is read (the XML parser itself refuses entity-expansion bombs).
    if unpacked > settings.CASEWORK_IMPORT_MAX_UNPACKED_BYTES:
        raise ImportRefused(
            "This workbook is far bigger once unpacked than an Annex A return can be, so it was "
            "not read."
        )
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise not_a_workbook from error


def parse_annex_a(path: Path) -> ParsedImport:
    """Read lists 1-9; refuse the whole file if it is not a workbook or misses a required column."""
    workbook = open_workbook(path)
    try:
        return _parse(workbook)
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
    for number, (header_row, columns, headers) in layouts.items():
        spec = LISTS[number]
        worksheet = sheets[number]
        sheet_name = worksheet.title.strip()
        source_reference = f"{SOURCE_FAMILY} list {number}"
        fields = list(columns.items())
        for row_number, values in _rows(worksheet, frozenset(columns.values())):
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
    for row_number, values in _rows(worksheet):
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
