"""Every write about importing a statutory return: command line, preview and its confirmation.

A return is for a collection year (1 April to 31 March); its history entry is dated at the
year's end. Confirming and cancelling a previewed return are the case-data import's own
(services.case_import_confirm and case_import_discard).
"""

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from casework.models import ImportRun

from .records import ImportRefused
from .return_files import return_outcome
from .services import (
    ImportReport,
    _one_import_at_a_time,
    _run_fields,
    _store,
    case_import_previews_expire,
    case_import_refusal_record,
    file_sha256,
)

EARLIEST_YEAR = 2000


def check_collection_year(year: int) -> None:
    latest = timezone.localdate().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        raise ImportRefused(
            f"{year} is not a collection year the service can import: give the year the return "
            f"ends in (31 March), from {EARLIEST_YEAR} to {latest}."
        )


def return_file_import(
    *,
    paths: list[Path],
    source: str,
    year: int,
    dry_run: bool = False,
    origin: str = ImportRun.Origin.COMMAND,
    user=None,
    file_name: str | None = None,
) -> ImportReport:
    """Import a return's files, recording it in the history unless ``dry_run``."""
    check_collection_year(year)
    for path in paths:
        if path.stat().st_size == 0:
            raise ImportRefused(f"'{path.name}' is empty. Export the return again.")
    sha256, size = _fingerprint(paths)
    with transaction.atomic():
        _one_import_at_a_time()
        outcome = return_outcome(paths=paths, source=source, year=year, dry_run=dry_run)
        report = ImportReport(
            source=source,
            file_name=file_name or ", ".join(path.name for path in paths),
            sha256=sha256,
            size_bytes=size,
            outcome=outcome,
        )
        if not dry_run:
            now = timezone.now()
            report.run = ImportRun.objects.create(
                source=source,
                origin=origin,
                status=ImportRun.Status.APPLIED,
                created_by=user,
                applied_by=user,
                applied_at=now,
                **_run_fields(report),
            )
    return report


def return_import_preview(*, user, upload, source: str, year: int) -> ImportRun:
    """Keep an uploaded return privately and work out what importing it would do.

    A refused file is deleted and recorded in the history with the reason, then the refusal is
    raised again for the page to show.
    """
    case_import_previews_expire()
    path = None
    try:
        check_collection_year(year)
        stored_name, path = _store(upload)
        report = return_file_import(
            paths=[path],
            source=source,
            year=year,
            dry_run=True,
            origin=ImportRun.Origin.UPLOAD,
            user=user,
            file_name=upload.name,
        )
    except ImportRefused as refusal:
        case_import_refusal_record(
            path=path,
            file_name=upload.name,
            origin=ImportRun.Origin.UPLOAD,
            message=str(refusal),
            user=user,
            source=source,
        )
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    except BaseException:
        if path is not None:
            path.unlink(missing_ok=True)
        raise
    return ImportRun.objects.create(
        source=source,
        origin=ImportRun.Origin.UPLOAD,
        status=ImportRun.Status.PREVIEWED,
        created_by=user,
        stored_name=stored_name,
        **_run_fields(report),
    )


def _fingerprint(paths: list[Path]) -> tuple[str, int]:
    if len(paths) == 1:
        return file_sha256(paths[0]), paths[0].stat().st_size
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda path: path.name):
        digest.update(file_sha256(path).encode())
    return digest.hexdigest(), sum(path.stat().st_size for path in paths)
