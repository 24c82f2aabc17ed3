"""Reading a workbook row by row in one streaming pass, as an import needs it.

openpyxl opens the workbook (read-only, cached values); the rows are parsed by a trimmed version
of its streaming sheet parser that skips unused columns and keeps a formula saved without its
value as an ``UncalculatedFormula`` rather than a blank.
"""

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException
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


class ReadBudget:
    """How many more rows and cells a file may hold; running out refuses the file.

    A real return is far inside these limits (settings); a file beyond them is broken or hostile,
    and reading it to the end would take minutes and gigabytes.
    """

    __slots__ = ("cells_left", "rows_left")

    def __init__(self, *, rows: int | None = None, cells: int | None = None):
        self.rows_left = settings.CASEWORK_IMPORT_MAX_ROWS if rows is None else rows
        self.cells_left = settings.CASEWORK_IMPORT_MAX_CELLS if cells is None else cells

    def take(self, cells: int) -> None:
        self.rows_left -= 1
        self.cells_left -= cells
        if self.rows_left < 0:
            raise ImportRefused(
                f"This file has more than {settings.CASEWORK_IMPORT_MAX_ROWS:,} rows, far more "
                "than a case data return holds, so it was not imported. Check it is the right "
                "file."
            )
        if self.cells_left < 0:
            raise ImportRefused(
                f"This file has more than {settings.CASEWORK_IMPORT_MAX_CELLS:,} filled-in "
                "cells, far more than a case data return holds, so it was not imported. Check "
                "it is the right file."
            )


class _RowParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, trimmed to what an import needs, one row at a time.

    It yields ``(row number, {column: value})`` with only the cells that hold something, and keeps
    a formula saved without its value as an ``UncalculatedFormula`` rather than a blank.
    """

    # The columns to read; the others are skipped without converting their values.
    wanted: frozenset[int] | None = None
    budget: ReadBudget | None = None

    def parse(self):
        # Only rows matter here, so the loop skips openpyxl's look-up of every other element.
        for _, element in iterparse(self.source):
            if element.tag == ROW_TAG:
                yield self.parse_row(element)
                element.clear()

    def parse_row(self, row):
        number = row.get("r")
        self.row_counter = int(number) if number else self.row_counter + 1
        if self.budget is not None:
            self.budget.take(len(row))
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


def sheet_rows(
    worksheet, columns: frozenset[int] | None = None, budget: ReadBudget | None = None
) -> Iterator[tuple[int, dict]]:
    """(row number, {column number: value}) for each row that has a value, in one pass.

    Only ``columns`` are read when given; every row and cell read is taken from ``budget``.
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
        parser.budget = budget
        for number, values in parser.parse():
            if values:
                yield number, values


NOT_A_WORKBOOK = (
    "This file is not an Excel workbook (.xlsx). Save the Annex A return as an Excel Workbook "
    "and upload that."
)
# Parts smaller than this are never judged by how well they compress.
_RATIO_FLOOR_BYTES = 2**20
# The XML declaration, comments, processing instructions and white space before the root element
# are read up to this size; more is not a workbook Excel wrote.
_PROLOG_LIMIT = 64 * 1024
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def check_workbook_archive(path: Path) -> None:
    """Refuse a workbook that is not a zip, would unpack to too much, or declares a DTD.

    Runs before openpyxl opens the file. The sizes a zip declares are what Python's zip reader
    will produce at most (it stops there and checks the CRC), so a zip bomb is caught unread.
    A DTD is what entity-expansion and external-entity attacks need; Excel never writes one.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(members)
            for member in members:
                if member.filename.casefold().endswith((".xml", ".rels", ".vml")):
                    _check_prolog(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as error:
        raise ImportRefused(NOT_A_WORKBOOK) from error
    except NotImplementedError as error:  # an unsupported compression method or encryption
        raise ImportRefused(
            "This workbook is saved in a way that cannot be read here (it may be encrypted or "
            "password-protected). Save it again as an ordinary Excel Workbook and upload that."
        ) from error


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    too_big = ImportRefused(
        "This workbook is far bigger once unpacked than an Annex A return can be, so it was "
        "not read. Check it is the right file, or save the return again from the case "
        "management system."
    )
    if len(members) > settings.CASEWORK_IMPORT_MAX_ZIP_MEMBERS:
        raise too_big
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.CASEWORK_IMPORT_MAX_UNPACKED_BYTES:
        raise too_big
    ratio = settings.CASEWORK_IMPORT_MAX_UNPACK_RATIO
    for member in members:
        if member.file_size > _RATIO_FLOOR_BYTES and (
            member.file_size > ratio * max(member.compress_size, 1)
        ):
            raise too_big


def _check_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    with archive.open(member) as stream:
        head = stream.read(_PROLOG_LIMIT)
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        # Excel writes UTF-8 only; other encodings would hide what comes next from this check.
        raise ImportRefused(NOT_A_WORKBOOK)
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    rest = head[position:]
    if rest.startswith(b"<!"):
        raise ImportRefused(
            "This workbook contains a document type declaration (DTD), which Excel never "
            "writes and which can be used to attack the server, so it was not read. Open it in "
            "Excel, save it as an Excel Workbook (.xlsx) and upload that."
        )
    if len(head) == _PROLOG_LIMIT and not rest.startswith(b"<"):
        raise ImportRefused(NOT_A_WORKBOOK)


def open_workbook(path: Path):
    check_workbook_archive(path)
    try:
        return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        EOFError,
        zlib.error,
        ParseError,
    ) as error:
        raise refusal_for(error) from error


def refusal_for(error: BaseException) -> ImportRefused:
    """The refusal to show for an error met while reading a workbook's XML.

    openpyxl wraps a parser's error in its own ValueError, so the chain is searched for
    defusedxml's refusal of entities or links to outside files.
    """
    seen = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return ImportRefused(UNSAFE_XML)
        seen = seen.__cause__ or seen.__context__
    return ImportRefused(NOT_A_WORKBOOK)


UNSAFE_XML = (
    "This workbook contains XML that could be used to attack the server (entity declarations "
    "or links to outside files), so it was not read. Open it in Excel, save it as an Excel "
    "Workbook (.xlsx) and upload that."
)
# What reading a broken or hostile workbook's XML can raise, once it is open.
WORKBOOK_READ_ERRORS = (
    DefusedXmlException,
    zipfile.BadZipFile,
    ParseError,
    KeyError,
    IndexError,  # a cell pointing past the end of the shared strings
    ValueError,  # a cell whose value does not match its type
    TypeError,
    EOFError,
    zlib.error,
    OSError,
)
