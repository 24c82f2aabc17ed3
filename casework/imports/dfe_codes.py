"""The DfE code sets of the SSDA903 return and the children in need census.

Codes are read without case or surrounding space ('u4 ' is U4). A code not in its set is
reported, never guessed: the row keeps going without it, or is rejected when it cannot.
"""

import datetime as dt
import re

from casework.models import Child

from .codes import ETHNICITY_CODES, clean_text, memoised

# SSDA903 -------------------------------------------------------------------------------------

SEX = {"1": Child.Gender.MALE, "2": Child.Gender.FEMALE}
SEX_CODES = frozenset(SEX)
ETHNIC = ETHNICITY_CODES
# Reason for new episode (RNE). Every reason but L (legal status only) starts a placement: the
# DfE counts placements that way for placement stability.
REASON_NEW_EPISODE = frozenset({"S", "L", "P", "T", "U", "B"})
NEW_PLACEMENT = frozenset({"S", "P", "T", "U", "B"})
# Legal status (LS).
LEGAL_STATUS = frozenset(
    {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"}
)
# Placement type (PLACE).
PLACEMENT_TYPE = frozenset(
    {
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
        "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
    }
)  # fmt: skip
# Reason episode ceased (REC); X1 is "episode ceased, looked after continues".
REASON_EPISODE_CEASED = frozenset(
    {
        "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45", "E46",
        "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "X1",
    }
)  # fmt: skip
REASON_PLACE_CHANGE = frozenset(
    {"ALLEG", "APPRR", "CARPL", "CHILD", "CLOSE", "CREQB", "CREQO", "CUSTOD", "LAREQ", "OTHER",
     "PLACE", "STAND"}
)  # fmt: skip
# Category of need (the episodes table's CIN column).
CATEGORY_OF_NEED = frozenset({f"N{number}" for number in range(1, 9)})
REVIEW_CODE = frozenset({f"PN{number}" for number in range(8)})
MISSING = frozenset({"M", "A"})
# Reason a social worker episode ended (SW_REASON).
SW_REASON = frozenset(
    {"MANAGE", "FITTED", "CHILDREQ", "PARENTREQ", "UNREQ", "CHCHANGE", "LEFTROLE", "ROLECHANGE",
     "ABSENCE", "OTHERREAS"}
)  # fmt: skip

# Children in need census --------------------------------------------------------------------

GENDER_CURRENT = {
    "0": Child.Gender.NOT_RECORDED,
    "1": Child.Gender.MALE,
    "2": Child.Gender.FEMALE,
    "9": Child.Gender.OTHER,
}
GENDER_CODES = frozenset(GENDER_CURRENT)
REFERRAL_SOURCE = frozenset(
    {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
     "5C", "5D", "6", "7", "8", "9", "10"}
)  # fmt: skip
PRIMARY_NEED = frozenset({f"N{number}" for number in range(10)})
REASON_FOR_CLOSURE = frozenset({f"RC{number}" for number in range(1, 10)})
CATEGORY_OF_ABUSE = frozenset({"NEG", "PHY", "SAB", "EMO", "MUL"})
DISABILITY = frozenset(
    {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
ASSESSMENT_FACTORS = frozenset(
    {"1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
     "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
     "14A", "15A", "16A", "17A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A", "23A",
     "24A"}
)  # fmt: skip

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@memoised
def code(value) -> str:
    """A code as the DfE writes it: stray spaces gone, upper case."""
    return clean_text(value).upper()


@memoised
def read_code(value, allowed, *, what: str) -> tuple[str, str | None]:
    """('U4', None), ('', None) for a blank, or ('', reason) for a code not in ``allowed``."""
    found = code(value)
    if not found:
        return "", None
    if found in allowed:
        return found, None
    article = "an" if what[0] in "aeiou" else "a"
    return "", f"'{clean_text(value)}' is not {article} {what} code in the DfE code set"


@memoised
def read_return_date(value, *, iso: bool = False) -> tuple[dt.date | None, str | None]:
    """A date as the returns write them: DD/MM/YYYY in the 903, YYYY-MM-DD in the census XML.

    Either form is read in either file; anything else is reported, not guessed.
    """
    text = clean_text(value)
    if not text:
        return None, None
    match = _ISO.match(text) or _DAY_FIRST.match(text)
    if match:
        parts = [int(part) for part in match.groups()]
        year, month, day = parts if match.re is _ISO else reversed(parts)
        try:
            return dt.date(year, month, day), None
        except ValueError:
            pass
    example = "2026-03-31" if iso else "31/03/2026"
    return None, f"'{text}' is not a date; the return writes dates as {example}"


def collection_year_dates(year: int) -> tuple[dt.date, dt.date]:
    """The collection year ending 31 March ``year``: (1 April year-1, 31 March year)."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
