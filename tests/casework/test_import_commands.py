"""manage.py import_annex_a / import_case_csv / import_drop_folder, and the scheduled task."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from casework import tasks
from casework.models import Child, ImportRun
from qaf.celery import app as celery_app

from .factories import ROWS_FOR_CSV, case_csv

pytestmark = pytest.mark.django_db


def run_command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_json_counts_match_the_distinct_ids_in_the_sample(annex_a_sample):
    report = json.loads(run_command("import_annex_a", str(annex_a_sample), "--json"))
    workbook = load_workbook(annex_a_sample, read_only=True)
    ids = {
        str(row[0])
        for number in range(1, 10)
        for row in list(workbook[f"List {number}"].iter_rows(values_only=True))[1:]
    }
    assert report["status"] == "applied"
    assert report["counts"]["children"] == len(ids) == 48
    assert sum(report["counts"]["episodes"].values()) == 49
    assert report["counts"]["teams"] == 16
    assert report["counts"]["workers"] == 25
    assert report["counts"]["allocations_opened"] == 27
    assert report["counts"]["allocations_closed"] == 0
    assert report["rejected"] == []
    assert {"list": "List 8", "row": 3, "column": "Placement postcode"}.items() <= next(
        problem for problem in report["doubtful"] if problem["column"] == "Placement postcode"
    ).items()
    assert report["sha256"] == ImportRun.objects.get().sha256


def test_as_at_and_dry_run(annex_a_sample):
    report = json.loads(
        run_command(
            "import_annex_a", str(annex_a_sample), "--as-at", "31/03/2021", "--dry-run", "--json"
        )
    )
    assert report["status"] == "dry_run"
    assert report["as_at"] == "2021-03-31"
    assert not Child.objects.exists()


def test_the_text_report_names_the_problem_rows(annex_a_sample):
    text = run_command("import_annex_a", str(annex_a_sample))
    assert "children: 48 (48 new, 0 changed)" in text
    assert "Doubtful: List 8 row 3, Placement postcode: 'nope' is not a postcode" in text


def test_a_refused_file_fails_the_command_writes_no_cases_and_is_in_the_history(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        run_command("import_annex_a", str(path), "--json")
    assert not Child.objects.exists()
    assert ImportRun.objects.get().status == "refused"


def test_a_refused_dry_run_writes_nothing_at_all(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="not an Excel workbook"):
        run_command("import_annex_a", str(path), "--dry-run")
    assert not ImportRun.objects.exists()


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        run_command("import_case_csv", str(tmp_path / "nothing.csv"))


def test_the_csv_command_imports_a_case_list(tmp_path):
    path = case_csv(tmp_path / "cases.csv", ROWS_FOR_CSV)
    report = json.loads(
        run_command("import_case_csv", str(path), "--as-at", "2026-03-31", "--json")
    )
    assert report["counts"]["children"] == 2
    assert report["source"] == "case_csv"


def test_the_drop_folder_imports_each_new_file_once_and_moves_it_aside(drop_folder, annex_a_sample):
    (drop_folder / "annex-a.xlsx").write_bytes(annex_a_sample.read_bytes())
    (drop_folder / "broken.csv").write_text("no,columns,here\n")
    (drop_folder / "readme.txt.bak").write_text("not for us")
    result = tasks.import_drop_folder.delay().get()
    assert result == {"imported": 1, "refused": 1, "previews_cancelled": 0}
    assert Child.objects.count() == 48
    refused = ImportRun.objects.get(status="refused")
    assert "no 'child_id'" in refused.message
    assert [path.name.split("-", 1)[1] for path in (drop_folder / "done").iterdir()] == [
        "annex-a.xlsx"
    ]
    assert len(list((drop_folder / "failed").iterdir())) == 1
    # The same file dropped again is not imported twice.
    (drop_folder / "again.xlsx").write_bytes(annex_a_sample.read_bytes())
    assert tasks.import_drop_folder.delay().get()["imported"] == 0
    assert ImportRun.objects.filter(status="applied").count() == 1


def test_the_drop_folder_command_runs_the_same_job(drop_folder, annex_a_sample):
    (drop_folder / "annex-a.xlsx").write_bytes(annex_a_sample.read_bytes())
    assert "1 file processed" in run_command("import_drop_folder")
    assert Child.objects.count() == 48


def test_the_drop_folder_is_checked_on_a_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["casework-import-drop-folder"]
    assert entry["task"] in celery_app.tasks
