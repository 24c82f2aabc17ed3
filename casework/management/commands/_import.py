"""What import_annex_a and import_case_csv share: arguments, the report and its JSON."""

import datetime as dt
import json
from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.imports.codes import parse_date_text
from casework.imports.records import ImportRefused
from casework.imports.services import (
    ImportReport,
    case_file_import,
    case_import_refusal_record,
)
from casework.models import Episode, ImportRun


def snapshot_date(text: str) -> dt.date:
    found = parse_date_text(text.strip())
    if found is None:
        raise ArgumentTypeError(f"'{text}' is not a date; write it as 2026-03-31 or 31/03/2026")
    return found


class ImportCommand(BaseCommand):
    source: str = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the file to import")
        parser.add_argument(
            "--as-at",
            type=snapshot_date,
            help="the date the file shows cases as at (default: the file's own date)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object with counts and problems"
        )

    def handle(self, *args, path: Path, as_at, dry_run: bool, json: bool, **options):
        as_json = json
        if not path.is_file():
            self._refuse(f"There is no file at {path}.", path, as_json)
        try:
            report = case_file_import(
                path=path,
                source=self.source,
                as_at=as_at,
                dry_run=dry_run,
                origin=ImportRun.Origin.COMMAND,
            )
        except ImportRefused as refusal:
            if not dry_run:
                case_import_refusal_record(
                    path=path,
                    file_name=path.name,
                    origin=ImportRun.Origin.COMMAND,
                    message=str(refusal),
                )
            self._refuse(str(refusal), path, as_json)
        if as_json:
            self.stdout.write(_json_dumps(report.as_json()))
        else:
            self._summary(report)

    def _refuse(self, message: str, path: Path, as_json: bool):
        if as_json:
            self.stdout.write(
                _json_dumps({"status": "refused", "file": path.name, "message": message})
            )
        raise CommandError(f"{message} Nothing was imported.")

    def _summary(self, report: ImportReport) -> None:
        outcome = report.outcome
        counts = outcome.counts
        labels = dict(Episode.Kind.choices)
        write = self.stdout.write
        if outcome.dry_run:
            write("Dry run: nothing was written. Importing the file would do this.")
        write(f"{report.file_name} as at {outcome.as_at:%d/%m/%Y} (SHA-256 {report.sha256})")
        write(
            f"  rows: {counts['rows']} read, {counts['rows_rejected']} rejected, "
            f"{counts['rows_doubtful']} with doubtful values"
        )
        write(
            f"  children: {counts['children']} ({counts['children_created']} new, "
            f"{counts['children_updated']} changed)"
        )
        episodes = ", ".join(
            f"{labels[kind].lower()} {number}" for kind, number in counts["episodes"].items()
        )
        write(f"  episodes: {episodes}")
        write(
            f"  episodes: {counts['episodes_created']} new, {counts['episodes_updated']} changed, "
            f"{counts['episodes_closed_not_in_file']} closed because the file no longer lists them"
        )
        write(f"  teams: {counts['teams']} ({counts['teams_created']} new)")
        write(f"  workers: {counts['workers']} ({counts['workers_created']} new)")
        write(
            f"  allocations: {counts['allocations_opened']} opened, "
            f"{counts['allocations_closed']} closed"
        )
        for note in outcome.notes:
            write(f"Note: {note}")
        for problem in outcome.problems:
            where = f"{problem.sheet} row {problem.row}" if problem.row else problem.sheet
            write(f"{problem.severity.capitalize()}: {where}, {problem.column}: {problem.reason}")
        if not outcome.dry_run:
            write(self.style.SUCCESS(f"Imported. History entry {report.run.pk}."))


def _json_dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
