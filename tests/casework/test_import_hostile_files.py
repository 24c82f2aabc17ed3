"""Broken and hostile case files: each is refused with a clear message and a history entry,
whichever way it comes in (upload, command line, drop folder), and nothing is half-written."""

import json
import os
import threading
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from casework import tasks
from casework.imports.records import ImportRefused
from casework.imports.services import case_file_import, drop_folder_import
from casework.models import Child, ImportRun

from .factories import ROWS_FOR_CSV, case_csv

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "annex-a" / "Annex_A_sample.xlsx"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rewritten_sample(path: Path, member: str, content: bytes) -> Path:
    """The sample workbook with one part replaced (streamed, so a huge part costs no memory)."""
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != member:
                target.writestr(item, source.read(item.filename))
        with target.open(_deflated(member), "w") as stream:
            stream.write(content)
    return path


def _deflated(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def with_dtd(path: Path) -> Path:
    sheet = zipfile.ZipFile(SAMPLE).read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1]
    doctype = b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    return rewritten_sample(path, "xl/worksheets/sheet1.xml", XML_DECLARATION + doctype + body)


def with_external_entity(path: Path) -> Path:
    strings = zipfile.ZipFile(SAMPLE).read("xl/sharedStrings.xml")
    body = strings.split(b"?>", 1)[1].replace(b"<t>", b"<t>&secret;", 1)
    doctype = b'<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return rewritten_sample(path, "xl/sharedStrings.xml", XML_DECLARATION + doctype + body)


def zip_bomb(path: Path) -> Path:
    """A small workbook whose shared strings unpack to 60 MB (about 1,000 times its packed size)."""
    with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item.filename))
        with target.open(_deflated("xl/sharedStrings.xml"), "w", force_zip64=True) as stream:
            stream.write(XML_DECLARATION + b'<sst xmlns="x"><si><t>')
            chunk = b"A" * 2**20
            for _ in range(60):
                stream.write(chunk)
            stream.write(b"</t></si></sst>")
    return path


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"Child ID,Case type\nNM1,CIN\n" * 10)
    return path


def csv_with_nul_after_4_kb(path: Path) -> Path:
    rows = [dict(ROWS_FOR_CSV[0], child_id=f"NM{number:05}") for number in range(200)]
    case_csv(path, rows)
    data = path.read_bytes()
    assert len(data) > 5000
    path.write_bytes(data[:4500] + b"\x00" + data[4500:])
    return path


def csv_in_utf16(path: Path) -> Path:
    return case_csv(path, ROWS_FOR_CSV, encoding="utf-16")


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


# name of the case -> (file name, how to make it, what the refusal says)
BAD_FILES = {
    "dtd": ("annex.xlsx", with_dtd, "document type declaration (DTD)"),
    "external entity": ("annex.xlsx", with_external_entity, "document type declaration (DTD)"),
    "zip bomb": ("annex.xlsx", zip_bomb, "far bigger once unpacked"),
    "not a zip": ("annex.xlsx", not_a_zip, "This file is not an Excel workbook (.xlsx)"),
    "nul after 4 kb": ("cases.csv", csv_with_nul_after_4_kb, "holds a NUL character"),
    "utf-16": ("cases.csv", csv_in_utf16, "saved as 'Unicode text' (UTF-16)"),
    "empty csv": ("cases.csv", empty, "This file is empty"),
    "empty workbook": ("annex.xlsx", empty, "This file is empty"),
}


@pytest.fixture(params=list(BAD_FILES))
def bad_file(request, tmp_path) -> tuple[Path, str]:
    name, make, message = BAD_FILES[request.param]
    folder = tmp_path / "made"
    folder.mkdir()
    return make(folder / name), message


def test_the_zip_bomb_is_small_but_unpacks_to_far_more(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx")
    unpacked = sum(item.file_size for item in zipfile.ZipFile(path).infolist())
    assert path.stat().st_size < 200_000 < 60 * 2**20 < unpacked


def test_the_upload_page_refuses_a_bad_file_with_a_clear_message_and_a_history_entry(
    client, world, bad_file, private_uploads
):
    path, message = bad_file
    client.force_login(world.users.qa_officer)
    children = Child.objects.count()
    response = client.post(
        reverse("casework:import_upload"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message.replace("'", "&#x27;") in response.text
    refused = ImportRun.objects.get()
    assert (refused.status, refused.origin, refused.file_name) == ("refused", "upload", path.name)
    assert message in refused.message
    assert refused.created_by == world.users.qa_officer
    assert Child.objects.count() == children
    assert not private_uploads.exists() or list(private_uploads.iterdir()) == []
    history = client.get(reverse("casework:import_history"))
    assert path.name in history.text and "Refused" in history.text


def test_the_command_refuses_a_bad_file_with_a_clear_message_and_a_history_entry(bad_file):
    path, message = bad_file
    command = "import_case_csv" if path.suffix == ".csv" else "import_annex_a"
    out = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(command, str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "refused"
    assert message in json.loads(out.getvalue())["message"]
    refused = ImportRun.objects.get()
    assert (refused.status, refused.origin) == ("refused", "command")
    assert message in refused.message
    assert not Child.objects.exists()


def test_the_drop_folder_sets_a_bad_file_aside_and_still_imports_the_next(
    bad_file, drop_folder, tmp_path
):
    path, message = bad_file
    bad = drop_folder / path.name
    bad.write_bytes(path.read_bytes())
    good = case_csv(drop_folder / "later.csv", ROWS_FOR_CSV)
    good_time = bad.stat().st_mtime + 60
    os.utime(good, (good_time, good_time))

    result = tasks.import_drop_folder.delay().get()

    assert result["refused"] == 1 and result["imported"] == 1
    refused = ImportRun.objects.get(status="refused")
    assert refused.origin == "drop_folder" and message in refused.message
    assert ImportRun.objects.get(status="applied").file_name == "later.csv"
    assert [p.name.split("-", 1)[1] for p in (drop_folder / "failed").iterdir()] == [path.name]
    assert [p.name.split("-", 1)[1] for p in (drop_folder / "done").iterdir()] == ["later.csv"]
    # The next hourly run finds nothing left to do, and does not fail.
    assert tasks.import_drop_folder.delay().get() == {
        "imported": 0,
        "refused": 0,
        "previews_cancelled": 0,
    }


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx")
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="far bigger once unpacked"):
        case_file_import(path=path, source=ImportRun.Source.ANNEX_A)
    assert time.perf_counter() - started < 2


def test_a_workbook_over_the_unpacked_limit_is_refused(tmp_path, settings):
    settings.CASEWORK_IMPORT_MAX_UNPACKED_BYTES = 50_000
    with pytest.raises(ImportRefused, match="far bigger once unpacked"):
        case_file_import(path=SAMPLE, source=ImportRun.Source.ANNEX_A)


def test_the_xml_parsers_own_refusal_of_entities_is_a_clear_message(tmp_path, monkeypatch):
    """Were the archive check ever bypassed, defusedxml's refusal still reads as a message."""
    monkeypatch.setattr("casework.imports.workbook.check_workbook_archive", lambda path: None)
    workbook_xml = zipfile.ZipFile(SAMPLE).read("xl/workbook.xml").split(b"?>", 1)[1]
    path = rewritten_sample(
        tmp_path / "annex.xlsx",
        "xl/workbook.xml",
        XML_DECLARATION + b'<!DOCTYPE workbook [<!ENTITY x "x">]>' + workbook_xml,
    )
    with pytest.raises(ImportRefused, match="could be used to attack the server"):
        case_file_import(path=path, source=ImportRun.Source.ANNEX_A)


def test_a_truncated_sheet_is_refused_not_a_crash(tmp_path):
    sheet = zipfile.ZipFile(SAMPLE).read("xl/worksheets/sheet3.xml")
    path = rewritten_sample(tmp_path / "annex.xlsx", "xl/worksheets/sheet3.xml", sheet[:1500])
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        case_file_import(path=path, source=ImportRun.Source.ANNEX_A)
    assert not Child.objects.exists()


@pytest.mark.parametrize("limit", ["CASEWORK_IMPORT_MAX_ROWS", "CASEWORK_IMPORT_MAX_CELLS"])
def test_a_workbook_with_more_rows_or_cells_than_the_limits_is_refused(settings, limit):
    setattr(settings, limit, 20)
    with pytest.raises(ImportRefused, match="far more than a case data return holds"):
        case_file_import(path=SAMPLE, source=ImportRun.Source.ANNEX_A)
    assert not Child.objects.exists()


def test_a_case_list_with_more_rows_than_the_limit_is_refused(settings, tmp_path):
    settings.CASEWORK_IMPORT_MAX_ROWS = 2
    path = case_csv(tmp_path / "cases.csv", ROWS_FOR_CSV * 3)
    with pytest.raises(ImportRefused, match="more than 2 rows"):
        case_file_import(path=path, source=ImportRun.Source.CASE_CSV)


def test_a_drop_folder_file_that_hits_a_fault_is_recorded_as_failed_and_set_aside(
    drop_folder, monkeypatch
):
    def fault(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("casework.imports.services.case_import_apply", fault)
    case_csv(drop_folder / "cases.csv", ROWS_FOR_CSV)
    (run,) = drop_folder_import()
    assert run.status == "failed"
    assert "fault in the service" in run.message
    assert len(list((drop_folder / "failed").iterdir())) == 1
    assert not Child.objects.exists()


def _two_runs_at_once(drop_folder: Path) -> list:
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results.append(drop_folder_import(folder=drop_folder))
        except Exception as error:  # reported below, with the thread's failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_two_drop_folder_runs_at_once_import_each_file_once(drop_folder, tmp_path):
    """Without PostgreSQL, the lock file in the drop folder keeps two runs apart."""
    case_csv(drop_folder / "cases.csv", ROWS_FOR_CSV)
    (drop_folder / "broken.xlsx").write_bytes(b"not a workbook")
    results = _two_runs_at_once(drop_folder)
    assert sum(map(len, results)) == 2
    assert ImportRun.objects.filter(status="applied").count() == 1
    assert ImportRun.objects.filter(status="refused").count() == 1
    assert len(list((drop_folder / "done").iterdir())) == 1
    assert len(list((drop_folder / "failed").iterdir())) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_drop_folder_runs_at_once_on_postgresql_import_each_file_once(drop_folder):
    """Two workers on PostgreSQL: the advisory lock is taken before the 'already imported' check."""
    from tests.conftest import require_or_skip

    require_or_skip(
        connection.vendor == "postgresql",
        what="PostgreSQL (DATABASE_URL)",
        env_var="QAF_REQUIRE_SERVICES",
    )
    case_csv(drop_folder / "cases.csv", ROWS_FOR_CSV)
    (drop_folder / "broken.xlsx").write_bytes(b"not a workbook")
    results = _two_runs_at_once(drop_folder)
    assert sum(map(len, results)) == 2
    assert ImportRun.objects.filter(status="applied").count() == 1
    assert ImportRun.objects.filter(status="refused").count() == 1
    assert len(list((drop_folder / "done").iterdir())) == 1
    assert len(list((drop_folder / "failed").iterdir())) == 1


def test_cells_that_point_past_the_shared_strings_or_lie_about_their_type_are_refused(tmp_path):
    sheet = zipfile.ZipFile(SAMPLE).read("xl/worksheets/sheet3.xml")
    broken = sheet.replace(b"<v>", b"<v>99999", 1)
    path = rewritten_sample(tmp_path / "annex.xlsx", "xl/worksheets/sheet3.xml", broken)
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        case_file_import(path=path, source=ImportRun.Source.ANNEX_A)
    garbled = sheet.replace(b"<v>", b"<v>x", 1)
    path = rewritten_sample(tmp_path / "annex2.xlsx", "xl/worksheets/sheet3.xml", garbled)
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        case_file_import(path=path, source=ImportRun.Source.ANNEX_A)
    assert not Child.objects.exists()
