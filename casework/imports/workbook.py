"""Reading a workbook row by row in one streaming pass, as an import needs it.

openpyxl opens the workbook (read-only, cached values); the rows are parsed by a trimmed version
of its streaming sheet parser that skips unused columns and keeps a formula saved without its
value as an ``UncalculatedFormula`` rather than a blank.
"""

import zipfile
from collections.abc import Iterator
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

from .codes import UncalculatedFormula
from .records import ImportRefused

TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"


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


def sheet_rows(worksheet, columns: frozenset[int] | None = None) -> Iterator[tuple[int, dict]]:
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
