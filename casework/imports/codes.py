"""Reading one messy cell the way a careful analyst would.

Each reader takes a raw value (from a workbook cell or a CSV field) and returns the clean value and,
when something was doubtful, a reason a data officer understands. Readers never raise.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass

from openpyxl.utils.datetime import from_excel

from casework.models import Child

# What spreadsheets put in a cell when a formula failed.
SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#NA", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!"}
)
# Words people type for "there is nothing here".
BLANK_WORDS = frozenset({"", "-", "--", "n/a", "na", "none", "null", "nil", "not applicable"})

# Annex A prefixes its code lists with "a) ", "b) ", ... ; some systems drop the prefix.
_LETTER_PREFIX = re.compile(r"^[a-z]{1,2}\)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


# The same few codes, names and dates recur thousands of times in a large file: read each once.
memoised = functools.lru_cache(maxsize=8192, typed=True)


@dataclass(frozen=True)
class UncalculatedFormula:
    """A formula cell whose workbook was saved without its calculated value."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}"


def clean_text(value) -> str:
    """The text of a cell: non-breaking spaces made ordinary, runs of space made single."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def is_spreadsheet_error(text: str) -> bool:
    return text.upper() in SPREADSHEET_ERRORS


def code_key(value) -> str:
    """'b) Female', 'Female' and ' FEMALE ' all give 'female'."""
    return _LETTER_PREFIX.sub("", clean_text(value)).casefold()


# --- identifiers and names ------------------------------------------------------------------


def read_child_id(value) -> tuple[str, str | None]:
    """The case-management ID as text: 9212044, 9212044.0 and ' 9212044 ' are one child."""
    if isinstance(value, bool):
        return "", "is not a child ID"
    if isinstance(value, float):
        if not value.is_integer():
            return "", f"'{value}' is not a child ID (it has a decimal part)"
        value = int(value)
    text = clean_text(value)
    if not text:
        return "", "is blank; every row needs the child's unique ID"
    if is_spreadsheet_error(text):
        return "", f"is {text}, an error in the spreadsheet, not a child ID"
    if len(text) > 64:
        return "", "is longer than 64 characters, too long for a child ID"
    if " " in text:
        # Totals and notes typed under a list ("Total: 5") are not children.
        return "", f"'{text}' is not a child ID (IDs have no spaces)"
    return text, None


@memoised
def read_person_name(value, *, what: str) -> tuple[str, str | None]:
    """A worker's or team's name, tidied; spreadsheet errors and blanks give ''."""
    text = clean_text(value)
    if is_spreadsheet_error(text):
        return "", f"is {text}, an error in the spreadsheet; the {what} is treated as not known"
    if text.casefold() in BLANK_WORDS or text.casefold() in {"unallocated", "not allocated"}:
        return "", None
    if len(text) > 150:
        return "", f"is longer than 150 characters; the {what} is treated as not known"
    return text, None


# --- dates ----------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)
_ISO_WITH_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATE_FUNCTION = re.compile(r"^DATE\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$", re.I)
_DATE_LITERAL = re.compile(r'^(?:DATEVALUE\(\s*)?"([^"]+)"\s*\)?$', re.I)
EARLIEST_DATE = dt.date(1900, 1, 1)


def parse_date_text(text: str) -> dt.date | None:
    """A date written in one of the ways UK systems write them (day before month)."""
    match = _ISO_WITH_TIME.match(text)
    if match:
        text = match.group(1)
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


@memoised
def read_date(value) -> tuple[dt.date | None, str | None]:
    """A date from a cell. Formulas are worked out only when they are plainly a date literal."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, UncalculatedFormula):
        return _date_from_formula(value)
    elif isinstance(value, bool):
        return None, f"'{value}' is not a date"
    elif isinstance(value, int | float):
        if not 1 <= value < 2958466:
            return None, f"'{value}' is not a date"
        found = from_excel(value).date()
        return _plausible(found, f"was a number ({value:g}); read as the spreadsheet date")
    else:
        text = clean_text(value)
        if not text or text.casefold() in BLANK_WORDS:
            return None, None
        if is_spreadsheet_error(text):
            return None, f"is {text}, an error in the spreadsheet; the date is treated as not known"
        found = parse_date_text(text)
        if found is None:
            return None, f"'{text}' is not a date; write dates as day/month/year"
    return _plausible(found, None)


def _plausible(found: dt.date, note: str | None) -> tuple[dt.date | None, str | None]:
    if found < EARLIEST_DATE:
        return None, f"{found:%d/%m/%Y} is before 1900, so it cannot be right"
    if note:
        return found, f"{note} {found:%d/%m/%Y}"
    return found, None


def _date_from_formula(value: UncalculatedFormula) -> tuple[dt.date | None, str | None]:
    formula = value.formula.strip().lstrip("=")
    match = _DATE_FUNCTION.match(formula)
    found = None
    if match:
        try:
            found = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            found = None
    else:
        literal = _DATE_LITERAL.match(formula)
        if literal:
            found = parse_date_text(literal.group(1).strip())
    if found is None:
        return None, (
            f"is a formula ({value}) saved without its result; the date is treated as not known. "
            "Open the workbook in Excel, save it, and import it again"
        )
    return _plausible(found, f"is a formula ({value}); read as")


# --- code lists -----------------------------------------------------------------------------

_GENDER = {
    "male": Child.Gender.MALE,
    "m": Child.Gender.MALE,
    "1": Child.Gender.MALE,
    "boy": Child.Gender.MALE,
    "female": Child.Gender.FEMALE,
    "f": Child.Gender.FEMALE,
    "2": Child.Gender.FEMALE,
    "girl": Child.Gender.FEMALE,
    "other": Child.Gender.OTHER,
    "indeterminate": Child.Gender.OTHER,
    "non-binary": Child.Gender.OTHER,
    "not stated/recorded": Child.Gender.NOT_RECORDED,
    "not stated": Child.Gender.NOT_RECORDED,
    "not recorded": Child.Gender.NOT_RECORDED,
    "not known": Child.Gender.NOT_RECORDED,
    "unknown": Child.Gender.NOT_RECORDED,
    "0": Child.Gender.NOT_RECORDED,
    "9": Child.Gender.NOT_RECORDED,
    "u": Child.Gender.NOT_RECORDED,
}

# The census ethnicity codes used by Annex A, the CIN census and SSDA903.
ETHNICITY_CODES = frozenset(
    {
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    }
)
_ETHNICITY_WORDS = {
    "white british": "WBRI",
    "white irish": "WIRI",
    "traveller of irish heritage": "WIRT",
    "any other white background": "WOTH",
    "gypsy/roma": "WROM",
    "white and black caribbean": "MWBC",
    "white and black african": "MWBA",
    "white and asian": "MWAS",
    "any other mixed background": "MOTH",
    "indian": "AIND",
    "pakistani": "APKN",
    "bangladeshi": "ABAN",
    "any other asian background": "AOTH",
    "caribbean": "BCRB",
    "african": "BAFR",
    "any other black background": "BOTH",
    "chinese": "CHNE",
    "any other ethnic group": "OOTH",
    "refused": "REFU",
    "information not yet obtained": "NOBT",
}

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


@memoised
def read_gender(value) -> tuple[str, str | None]:
    key = code_key(value)
    if not key or key in BLANK_WORDS:
        return Child.Gender.NOT_RECORDED, None
    if key in _GENDER:
        return _GENDER[key], None
    return Child.Gender.NOT_RECORDED, (
        f"'{clean_text(value)}' is not a gender code Annex A uses; kept as not recorded"
    )


@memoised
def read_ethnicity(value) -> tuple[str, str | None]:
    """A census code such as WBRI; '' when not recorded."""
    text = code_key(value)
    if not text or text in BLANK_WORDS:
        return "", None
    upper = text.upper()
    if upper in ETHNICITY_CODES:
        return upper, None
    # "WBRI - White British", "WBRI: White British"
    first = re.split(r"[\s:\-]+", upper, maxsplit=1)[0]
    if first in ETHNICITY_CODES:
        return first, None
    if text in _ETHNICITY_WORDS:
        return _ETHNICITY_WORDS[text], None
    return "", f"'{clean_text(value)}' is not a census ethnicity code; kept as not recorded"


_CODE_BEFORE_COLON = re.compile(r"^([A-Z0-9]{1,6}):\s")


@memoised
def event_code(value) -> str:
    """A code kept as a case event's detail: 'f) U6: Foster placement' gives 'U6'.

    A blank or a spreadsheet error gives ''; text without a code is kept, shortened to 40.
    """
    text = _LETTER_PREFIX.sub("", clean_text(value))
    if not text or is_spreadsheet_error(text):
        return ""
    match = _CODE_BEFORE_COLON.match(text)
    return match.group(1) if match else text[:40]


@memoised
def read_yes_no(value) -> tuple[bool | None, str | None]:
    if isinstance(value, bool):
        return value, None
    key = code_key(value)
    if not key or key in BLANK_WORDS:
        return None, None
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, f"'{clean_text(value)}' is not Yes or No; treated as not recorded"


@memoised
def read_disability(value) -> tuple[str, str | None]:
    answer, problem = read_yes_no(value)
    if answer is None:
        if problem:
            problem = (
                f"'{clean_text(value)}' is not a disability answer (Yes or No); "
                "kept as not recorded"
            )
        return Child.Disability.NOT_RECORDED, problem
    return (Child.Disability.YES if answer else Child.Disability.NO), None


@memoised
def read_count(value) -> tuple[int | None, str | None]:
    """A small whole number such as the number of placements in 12 months."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, float):
        if not value.is_integer():
            return None, f"'{value:g}' is not a whole number; treated as not known"
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = clean_text(value)
        if not text or text.casefold() in BLANK_WORDS:
            return None, None
        if is_spreadsheet_error(text):
            return None, f"is {text}, an error in the spreadsheet; treated as not known"
        try:
            number = int(float(text))
            if float(text) != number:
                raise ValueError
        except ValueError:
            return None, f"'{text}' is not a whole number; treated as not known"
    if not 0 <= number <= 999:
        return None, f"{number} is not a believable number here; treated as not known"
    return number, None


# A UK postcode (including BFPO-free outward codes like "T28 2WB" in synthetic data).
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def check_postcode(value) -> str | None:
    """A reason when a postcode is not one; the framework does not keep postcodes."""
    text = clean_text(value).upper()
    if not text or text.casefold() in BLANK_WORDS:
        return None
    if is_spreadsheet_error(text):
        return f"is {text}, an error in the spreadsheet"
    if _POSTCODE.match(text):
        return None
    return f"'{clean_text(value)}' is not a postcode"
