"""What import_ssda903 and import_cin_census share: arguments, the report and its JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.imports.records import ImportRefused
from casework.imports.return_services import return_file_import
from casework.imports.services import ImportReport, case_import_refusal_record
from casework.models import ImportRun

# The counts the JSON carries at its top level, as the command's contract says.
TOP_LEVEL = ("children", "episodes", "reviews", "missing", "sw_episodes", "referrals")


class ReturnCommand(BaseCommand):
    source: str = ""
    many_files = False

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            type=Path,
            nargs="+" if self.many_files else 1,
            help="the return's files" if self.many_files else "the census XML file",
        )
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="the collection year, as the year it ends in (2026 for April 2025 to March 2026)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object with counts and problems"
        )

    def handle(self, *args, paths: list[Path], year: int, dry_run: bool, json: bool, **options):
        as_json = json
        for path in paths:
            if not path.is_file():
                self._refuse(f"There is no file at {path}.", paths, as_json)
        try:
            report = return_file_import(
                paths=paths,
                source=self.source,
                year=year,
                dry_run=dry_run,
                origin=ImportRun.Origin.COMMAND,
            )
        except ImportRefused as refusal:
            if not dry_run:
                case_import_refusal_record(
                    path=paths[0],
                    file_name=", ".join(path.name for path in paths),
                    origin=ImportRun.Origin.COMMAND,
                    message=str(refusal),
                    source=self.source,
                )
            self._refuse(str(refusal), paths, as_json)
        if as_json:
            self.stdout.write(_json_dumps(report_json(report, year)))
        else:
            self._summary(report, year)

    def _refuse(self, message: str, paths: list[Path], as_json: bool):
        if as_json:
            self.stdout.write(
                _json_dumps(
                    {
                        "status": "refused",
                        "file": ", ".join(path.name for path in paths),
                        "message": message,
                    }
                )
            )
        raise CommandError(f"{message} Nothing was imported.")

    def _summary(self, report: ImportReport, year: int) -> None:
        outcome = report.outcome
        counts = outcome.counts
        write = self.stdout.write
        if outcome.dry_run:
            write("Dry run: nothing was written. Importing the return would do this.")
        write(f"{report.file_name} for the year to 31/03/{year} (SHA-256 {report.sha256})")
        write(
            f"  children: {counts['children']} ({counts['children_created']} new, "
            f"{counts['children_updated']} filled in)"
        )
        for name, number in counts.items():
            if name in TOP_LEVEL[1:]:
                write(f"  {name.replace('_', ' ')}: {number}")
        write(f"  case events: {counts['events_created']} new, {counts['events_updated']} changed")
        for note in outcome.notes:
            write(f"Note: {note}")
        for problem in outcome.problems:
            where = f"{problem.sheet} row {problem.row}" if problem.row else problem.sheet
            write(f"{problem.severity.capitalize()}: {where}, {problem.column}: {problem.reason}")
        if not outcome.dry_run:
            write(self.style.SUCCESS(f"Imported. History entry {report.run.pk}."))


def report_json(report: ImportReport, year: int) -> dict:
    data = report.as_json()
    counts = data["counts"]
    data["year"] = year
    for name in TOP_LEVEL:
        if name in counts:
            data[name] = counts[name]
    return data


def _json_dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
