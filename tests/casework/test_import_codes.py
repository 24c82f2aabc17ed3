"""Reading one messy cell: codes, names, dates and numbers."""

import datetime as dt

import pytest

from casework.imports import codes
from casework.imports.csv_list import read_case_type


@pytest.mark.parametrize("value", ["b) Female", "Female", "F", " female ", "FEMALE", "2"])
def test_every_way_of_writing_female_is_one_value(value):
    assert codes.read_gender(value) == ("female", None)


@pytest.mark.parametrize("value", ["c) Not stated/recorded", "Unknown", "", None, "9"])
def test_gender_not_stated_is_not_recorded_without_a_warning(value):
    assert codes.read_gender(value) == ("not_recorded", None)


def test_an_unknown_gender_code_is_kept_as_not_recorded_with_a_warning():
    value, reason = codes.read_gender("q) Zebra")
    assert value == "not_recorded"
    assert "'q) Zebra' is not a gender code" in reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a) WBRI", "WBRI"), ("k) APKN", "APKN"), ("wbri", "WBRI"), ("WBRI - White British", "WBRI")],
)
def test_ethnicity_codes_are_read_with_or_without_their_letter(value, expected):
    assert codes.read_ethnicity(value) == (expected, None)


def test_an_unknown_ethnicity_is_not_recorded_with_a_warning():
    value, reason = codes.read_ethnicity("z) MARS")
    assert value == ""
    assert "not a census ethnicity code" in reason


@pytest.mark.parametrize(
    ("value", "expected"), [("a) Yes", True), ("Y", True), ("b) No", False), ("no", False)]
)
def test_yes_and_no_answers(value, expected):
    assert codes.read_yes_no(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9212044, "9212044"),
        (9212044.0, "9212044"),
        (" 9212044\u00a0", "9212044"),
        ("00123", "00123"),
    ],
)
def test_a_child_id_is_the_same_however_the_cell_holds_it(value, expected):
    assert codes.read_child_id(value) == (expected, None)


@pytest.mark.parametrize("value", [None, "", "#N/A", 12.5, "Total: 5"])
def test_what_is_not_a_child_id_is_refused_with_a_reason(value):
    child_id, reason = codes.read_child_id(value)
    assert child_id == ""
    assert reason


def test_names_lose_non_breaking_and_repeated_spaces():
    assert codes.read_person_name("Dustin\u00a0 Hazlett ", what="worker") == (
        "Dustin Hazlett",
        None,
    )


def test_a_name_cell_holding_na_is_not_a_name():
    name, reason = codes.read_person_name("#N/A", what="allocated worker")
    assert name == ""
    assert "#N/A, an error in the spreadsheet" in reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 9, 16), dt.date(2020, 9, 16)),
        ("16/09/2020", dt.date(2020, 9, 16)),
        ("16-09-2020", dt.date(2020, 9, 16)),
        ("2020-09-16", dt.date(2020, 9, 16)),
        ("2020-09-16 00:00:00", dt.date(2020, 9, 16)),
        ("16 Sep 2020", dt.date(2020, 9, 16)),
        (None, None),
        ("", None),
    ],
)
def test_dates_in_the_ways_uk_systems_write_them(value, expected):
    assert codes.read_date(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("#N/A", "an error in the spreadsheet"),
        ("31/02/2020", "is not a date"),
        ("soon", "is not a date"),
        (dt.datetime(1899, 12, 30), "before 1900"),
        (codes.UncalculatedFormula("H2+5"), "saved without its result"),
    ],
)
def test_dates_that_cannot_be_right_are_reported(value, reason):
    found, problem = codes.read_date(value)
    assert found is None
    assert reason in problem


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("DATE(2021,1,5)", dt.date(2021, 1, 5)), ('DATEVALUE("05/01/2021")', dt.date(2021, 1, 5))],
)
def test_a_formula_that_is_plainly_a_date_is_worked_out_and_noted(formula, expected):
    found, note = codes.read_date(codes.UncalculatedFormula(formula))
    assert found == expected
    assert "is a formula" in note


@pytest.mark.parametrize(("value", "expected"), [(2, 2), (2.0, 2), ("3", 3), (None, None)])
def test_counts(value, expected):
    assert codes.read_count(value) == (expected, None)


@pytest.mark.parametrize("value", ["T28 2WB", "SW1A 1AA", "m1 1ae", ""])
def test_postcodes_that_are_postcodes_pass(value):
    assert codes.check_postcode(value) is None


def test_a_postcode_of_nope_is_not_a_postcode():
    assert codes.check_postcode("nope") == "'nope' is not a postcode"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("CIN", "cin"), ("Child protection", "cp"), ("LAC", "cla"), ("Care leaver", "care_leaver")],
)
def test_case_types_in_the_csv_list(value, expected):
    assert read_case_type(value) == (expected, None)
