"""Every write about importing case data: preview, confirm, cancel, command line and nightly feed.

An import is one transaction: the case data and its history row are written together or not at all.
"""

import datetime as dt
import fcntl
import hashlib
import logging
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from casework.models import ImportRun
from qaf import workflow

from .annex_a import parse_annex_a
from .apply import ImportOutcome, case_import_apply
from .csv_list import parse_case_csv
from .records import ImportRefused, ParsedImport
from .return_files import return_outcome

logger = logging.getLogger(__name__)

PARSERS = {
    ImportRun.Source.ANNEX_A: parse_annex_a,
    ImportRun.Source.CASE_CSV: parse_case_csv,
}
SUFFIXES = {
    ".xlsx": ImportRun.Source.ANNEX_A,
    ".xlsm": ImportRun.Source.ANNEX_A,
    ".csv": ImportRun.Source.CASE_CSV,
    ".txt": ImportRun.Source.CASE_CSV,
}
# The history keeps this many problem rows; the command line prints them all.
STORED_PROBLEMS = 5000
_CHUNK = 1024 * 1024


@dataclass
class ImportReport:
    """An import as the command line and the history describe it."""

    source: str
    file_name: str
    sha256: str
    size_bytes: int
    outcome: ImportOutcome
    run: ImportRun | None = None

    def as_json(self) -> dict:
        outcome = self.outcome
        return {
            "status": "dry_run" if outcome.dry_run else "applied",
            "source": self.source,
            "file": self.file_name,
            "sha256": self.sha256,
            "as_at": outcome.as_at.isoformat(),
            "counts": outcome.counts,
            "rejected": [problem.as_dict() for problem in outcome.rejected],
            "doubtful": [problem.as_dict() for problem in outcome.doubtful],
            "notes": outcome.notes,
            "import_run": self.run.pk if self.run else None,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def source_of(path: Path, file_name: str) -> str:
    """Which parser reads this file: by its first bytes, then by its name."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"PK\x03\x04"):
        return ImportRun.Source.ANNEX_A
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            "This is an old-style Excel file (.xls). Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    suffix = Path(file_name).suffix.casefold()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise ImportRefused(
        "Upload the Annex A return as an Excel workbook (.xlsx) or a case list as a CSV file "
        "(.csv)."
    )


def case_file_import(
    *,
    path: Path,
    source: str,
    as_at: dt.date | None = None,
    dry_run: bool = False,
    origin: str = ImportRun.Origin.COMMAND,
    user=None,
    file_name: str | None = None,
) -> ImportReport:
    """Import one file, recording it in the history unless ``dry_run``. Refusals write nothing."""
    if path.stat().st_size == 0:
        raise ImportRefused("This file is empty. Export the case data again and upload that.")
    sha256 = file_sha256(path)
    parsed = PARSERS[source](path)
    as_at = _as_at(as_at, parsed)
    with transaction.atomic():
        _one_import_at_a_time()
        _check_snapshot_order(as_at)
        outcome = case_import_apply(parsed=parsed, as_at=as_at, dry_run=dry_run)
        report = ImportReport(
            source=source,
            file_name=file_name or path.name,
            sha256=sha256,
            size_bytes=path.stat().st_size,
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


def case_import_refusal_record(
    *,
    path: Path | None,
    file_name: str,
    origin: str,
    message: str,
    status: str = ImportRun.Status.REFUSED,
    user=None,
    source: str = "",
) -> ImportRun:
    """Record in the history that a file was refused (or failed), and why. No case data."""
    size_bytes, sha256 = 0, ""
    if path is not None and path.is_file():
        size_bytes, sha256 = path.stat().st_size, file_sha256(path)
    return ImportRun.objects.create(
        source=source or _likely_source(path, file_name),
        origin=origin,
        status=status,
        file_name=file_name[:255],
        sha256=sha256,
        size_bytes=size_bytes,
        created_by=user,
        message=message,
    )


def case_import_preview(*, user, upload, as_at: dt.date | None = None) -> ImportRun:
    """Keep an upload privately and work out what importing it would do, writing no case data.

    A refused file is deleted and recorded in the history with the reason, then the refusal is
    raised again for the page to show.
    """
    case_import_previews_expire()
    try:
        stored_name, path = _store(upload)
    except ImportRefused as refusal:
        case_import_refusal_record(
            path=None,
            file_name=upload.name,
            origin=ImportRun.Origin.UPLOAD,
            message=str(refusal),
            user=user,
        )
        raise
    try:
        source = source_of(path, upload.name)
        if as_at is None and source == ImportRun.Source.CASE_CSV:
            # An uploaded CSV file carries no date of its own: it is the cases as they are today.
            as_at = timezone.localdate()
        report = case_file_import(
            path=path,
            source=source,
            as_at=as_at,
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
        )
        path.unlink(missing_ok=True)
        raise
    except BaseException:
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


def case_import_confirm(*, run: ImportRun, user) -> ImportRun:
    """Import a previewed upload as the snapshot its preview showed; then delete the file."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        _check_waiting(run, "apply", user)
        path = _private_path(run.stored_name)
        if path is None or not path.exists():
            refusal = "The uploaded file is no longer here. Upload it again."
        elif file_sha256(path) != run.sha256:
            refusal = "The uploaded file has changed since the preview. Upload it again."
        else:
            return _confirm(run, path, user)
        _discard(run, user=user, reason=refusal)
    raise ImportRefused(refusal)


def _confirm(run: ImportRun, path: Path, user) -> ImportRun:
    if run.source in ImportRun.RETURN_SOURCES:
        _one_import_at_a_time()
        outcome = return_outcome(paths=[path], source=run.source, year=run.as_at.year)
    else:
        parsed = PARSERS[run.source](path)
        _one_import_at_a_time()
        _check_snapshot_order(run.as_at)
        outcome = case_import_apply(parsed=parsed, as_at=run.as_at)
    report = ImportReport(
        source=run.source,
        file_name=run.file_name,
        sha256=run.sha256,
        size_bytes=run.size_bytes,
        outcome=outcome,
    )
    return workflow.perform(
        run,
        "apply",
        by=user,
        fields={
            **_run_fields(report),
            "applied_by": user,
            "applied_at": timezone.now(),
            "stored_name": "",
        },
        after_commit=lambda: path.unlink(missing_ok=True),
    )


@transaction.atomic
def case_import_discard(*, run: ImportRun, user) -> ImportRun:
    """Cancel a previewed upload and delete its file."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    _check_waiting(run, "discard", user)
    return _discard(run, user=user)


def _check_waiting(run: ImportRun, action: str, user) -> None:
    """Refuse a run that is no longer a preview, saying what became of it."""
    if not workflow.allows(run, action):
        raise ImportRefused(
            f"This file is not waiting to be imported: it is {run.get_status_display().lower()}."
        )
    workflow.check(run, action, by=user)


def case_import_previews_expire(*, now: dt.datetime | None = None) -> int:
    """Cancel previews nobody confirmed in time, deleting their files."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.CASEWORK_IMPORT_PREVIEW_HOURS)
    expired = 0
    for run in ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEWED, created_at__lt=cutoff
    ).only("pk", "stored_name", "status"):
        with transaction.atomic():
            _discard(run, reason="Nobody confirmed the preview in time")
        expired += 1
    return expired


def drop_folder_import(*, folder: Path | None = None) -> list[ImportRun]:
    """Import every workbook and CSV file waiting in the drop folder, oldest first.

    Each file is its own import. Imported files move to ``done/``; refused ones, and any a fault
    stopped, to ``failed/`` with an entry in the history saying why, so later files still
    import. A file already imported is not imported again, so running this twice is safe, even
    at the same moment in two workers: each file is taken under a lock.
    """
    folder = Path(folder or settings.CASEWORK_IMPORT_DROP_FOLDER)
    if not folder.is_dir():
        return []
    waiting = [
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix.casefold() in SUFFIXES
    ]
    waiting.sort(key=lambda path: (path.stat().st_mtime, path.name))
    runs = []
    for path in waiting:
        with _drop_folder_lock(folder):
            if not path.is_file():
                continue  # another run took it while this one waited
            run = _drop_folder_import_one(path, folder)
        if run is not None:
            runs.append(run)
    return runs


def _drop_folder_import_one(path: Path, folder: Path) -> ImportRun | None:
    if ImportRun.objects.filter(sha256=file_sha256(path), status=ImportRun.Status.APPLIED).exists():
        _move(path, folder / "done")
        return None
    try:
        report = case_file_import(
            path=path, source=source_of(path, path.name), origin=ImportRun.Origin.DROP_FOLDER
        )
    except ImportRefused as refusal:
        logger.warning("Nightly import refused a file: %s", refusal)
        run = case_import_refusal_record(
            path=path,
            file_name=path.name,
            origin=ImportRun.Origin.DROP_FOLDER,
            message=str(refusal),
        )
    except Exception:
        # One broken file must not stop every later run: record it, move it aside, go on.
        logger.exception("Nightly import failed on a file; it was moved to failed/")
        run = case_import_refusal_record(
            path=path,
            file_name=path.name,
            origin=ImportRun.Origin.DROP_FOLDER,
            status=ImportRun.Status.FAILED,
            message=(
                "The file could not be imported because of a fault in the service, not in "
                "the file's rows. Nothing was imported. It was moved to the failed folder; "
                "tell the service's administrators."
            ),
        )
    else:
        _move(path, folder / "done")
        return report.run
    _move(path, folder / "failed")
    return run


# --- helpers ------------------------------------------------------------------------------


def _as_at(given: dt.date | None, parsed: ParsedImport) -> dt.date:
    if given is not None:
        return given
    if parsed.file_date is not None:
        parsed.notes.insert(
            0,
            f"No snapshot date was given, so the file's own date ({parsed.file_date:%d/%m/%Y}) "
            "was used.",
        )
        return parsed.file_date
    today = timezone.localdate()
    parsed.notes.insert(0, f"The file has no date, so today ({today:%d/%m/%Y}) was used.")
    return today


# Any fixed number: the key of the PostgreSQL advisory lock imports take.
IMPORT_LOCK = 0x5146_1A01


def _one_import_at_a_time() -> None:
    """Make a second import (an upload confirmed while the nightly feed runs) wait its turn.

    Held until the transaction ends. SQLite allows one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


# The key of the session-level PostgreSQL advisory lock a drop-folder run holds per file.
DROP_FOLDER_LOCK = 0x5146_1A02


@contextmanager
def _drop_folder_lock(folder: Path) -> Iterator[None]:
    """Let one drop-folder run at a time handle a file, from the "already imported?" check to
    the file's move. PostgreSQL's advisory lock covers workers on every machine; without
    PostgreSQL a lock file in the folder covers the processes of this one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [DROP_FOLDER_LOCK])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [DROP_FOLDER_LOCK])
        return
    with (folder / ".import.lock").open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _likely_source(path: Path | None, file_name: str) -> str:
    suffix = Path(file_name).suffix.casefold()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if path is not None and path.is_file():
        with path.open("rb") as stream:
            if stream.read(4) != b"PK\x03\x04":
                return ImportRun.Source.CASE_CSV
    return ImportRun.Source.ANNEX_A


def _check_snapshot_order(as_at: dt.date) -> None:
    later = (
        ImportRun.objects.filter(
            status=ImportRun.Status.APPLIED,
            source__in=ImportRun.SNAPSHOT_SOURCES,
            as_at__gt=as_at,
        )
        .order_by("-as_at")
        .first()
    )
    if later is not None:
        raise ImportRefused(
            f"A later snapshot (as at {later.as_at:%d/%m/%Y}, '{later.file_name}') has already "
            f"been imported, and this one is as at {as_at:%d/%m/%Y}. Import snapshots in date "
            "order, so that allocation history stays right."
        )


def _run_fields(report: ImportReport) -> dict:
    outcome = report.outcome
    rejected = [problem.as_dict() | {"severity": problem.severity} for problem in outcome.rejected]
    doubtful = [problem.as_dict() | {"severity": problem.severity} for problem in outcome.doubtful]
    return {
        "file_name": report.file_name[:255],
        "sha256": report.sha256,
        "size_bytes": report.size_bytes,
        "as_at": outcome.as_at,
        "counts": outcome.counts,
        "problems": (rejected + doubtful)[:STORED_PROBLEMS],
        "rejected_count": len(rejected),
        "doubtful_count": len(doubtful),
        "notes": outcome.notes,
    }


def _upload_dir() -> Path:
    folder = Path(settings.QAF_PRIVATE_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _private_path(stored_name: str) -> Path | None:
    # Stored names are ours (random hex and a suffix); anything else is not looked up.
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        return None
    return Path(settings.QAF_PRIVATE_UPLOAD_DIR) / stored_name


def _store(upload) -> tuple[str, Path]:
    """Copy an upload into the private folder under a random name, within the size limit."""
    limit = settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ImportRefused(_too_big(limit))
    suffix = Path(upload.name).suffix.casefold()
    stored_name = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else ".upload")
    path = _upload_dir() / stored_name
    written = 0
    try:
        with path.open("xb") as stream:
            path.chmod(0o600)
            for chunk in upload.chunks():
                written += len(chunk)
                if written > limit:
                    raise ImportRefused(_too_big(limit))
                stream.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored_name, path


def _too_big(limit: int) -> str:
    return f"The file must be smaller than {limit // (1024 * 1024)} MB."


def _discard(run: ImportRun, *, user=None, reason: str = "") -> ImportRun:
    """Cancel a preview and delete its file (by ``user``, or by the clean-up job)."""
    path = _private_path(run.stored_name)
    if path is not None:
        path.unlink(missing_ok=True)
    return workflow.perform(run, "discard", by=user, reason=reason, fields={"stored_name": ""})


def _move(path: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    shutil.move(path, folder / f"{stamp}-{path.name}")
