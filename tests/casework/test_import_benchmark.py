"""The benchmark's workbook generator (the timing itself runs with ``make bench``)."""

import zipfile

import pytest
from openpyxl import load_workbook

from bench import BENCHMARKS
from bench.__main__ import main
from bench.annex_a import generate
from casework.imports.annex_a import parse_annex_a
from casework.imports.workbook import open_workbook, sheet_rows

from .conftest import ANNEX_A_SAMPLE


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    return generate(300, out=tmp_path_factory.mktemp("bench"), sample=ANNEX_A_SAMPLE)


def test_the_scaled_workbook_has_the_rows_asked_for_with_new_ids_and_the_samples_mess(scaled):
    parsed = parse_annex_a(scaled)
    assert parsed.rows_read == 300
    assert parsed.rows_rejected == 0
    assert len(parsed.children) > 48 * 5
    assert any("#N/A" in problem.reason for problem in parsed.problems)
    assert any("'nope' is not a postcode" in problem.reason for problem in parsed.problems)


def test_the_scaled_workbook_keeps_strings_in_a_shared_table_as_excel_does(scaled):
    with zipfile.ZipFile(scaled) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
        assert b"inlineStr" not in archive.read("xl/worksheets/sheet3.xml")
    reference = load_workbook(scaled, read_only=True, data_only=True)
    ours = open_workbook(scaled)
    for sheet, our_sheet in zip(reference.worksheets, ours.worksheets, strict=True):
        expected = {
            number: {column: value for column, value in enumerate(row, 1) if value is not None}
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        }
        assert dict(sheet_rows(our_sheet)) == {k: v for k, v in expected.items() if v}


def test_the_harness_lists_its_benchmarks(capsys):
    assert main(["--list"]) == 0
    assert "annex_a" in capsys.readouterr().out
    assert "annex_a" in BENCHMARKS
