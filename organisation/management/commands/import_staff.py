"""Import the staff list from HR (a CSV): the same checks, preview and history as the pages."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.models import StaffImportRun
from organisation.staff_import import (
    StaffListRefused,
    file_sha256,
    read_staff_csv,
    staff_plan_apply,
)


class Command(BaseCommand):
    help = (
        "Import the staff list (CSV: staff id, name, email, job title, team, line manager, dates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the staff list to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, path: Path, dry_run: bool, json: bool, **options):
        as_json = json
        if not path.is_file():
            self._refuse(f"There is no file at {path}.", path, as_json)
        data = path.read_bytes()
        try:
            plan = read_staff_csv(data)
        except StaffListRefused as refusal:
            self._record_refusal(path, data, str(refusal), dry_run)
            self._refuse(str(refusal), path, as_json)
        problems = [problem.as_dict() for problem in plan.problems]
        if plan.refused:
            message = f"{len(problems)} row problem{'s' if len(problems) != 1 else ''}."
            self._record_refusal(path, data, message, dry_run, problems=problems)
            if as_json:
                self._print_json(
                    {
                        "status": "refused",
                        "file": path.name,
                        "message": message,
                        "problems": problems,
                    }
                )
            else:
                for problem in plan.problems:
                    self.stderr.write(f"Row {problem.row}, {problem.column}: {problem.message}")
            raise CommandError(f"{message} Nothing was imported.")
        run = None
        if not dry_run:
            staff_plan_apply(plan)
            run = StaffImportRun.objects.create(
                origin=StaffImportRun.Origin.COMMAND,
                status=StaffImportRun.Status.APPLIED,
                file_name=path.name[:255],
                sha256=file_sha256(data),
                counts=plan.counts,
                changes=plan.changes[:2000],
            )
        if as_json:
            self._print_json(
                {
                    "status": "dry_run" if dry_run else "applied",
                    "file": path.name,
                    "counts": plan.counts,
                    "changes": plan.changes,
                    "import_run": run.pk if run else None,
                }
            )
            return
        counts = plan.counts
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {counts['people']} people: {counts['new']} new, {counts['changed']} "
            f"changed, {counts['unchanged']} unchanged."
        )
        for change in plan.changes:
            self.stdout.write(f"  {change}")

    def _record_refusal(self, path, data, message, dry_run, problems=()):
        if dry_run:
            return
        StaffImportRun.objects.create(
            origin=StaffImportRun.Origin.COMMAND,
            status=StaffImportRun.Status.REFUSED,
            file_name=path.name[:255],
            sha256=file_sha256(data),
            problems=list(problems),
            message=message,
        )

    def _print_json(self, payload):
        self.stdout.write(json.dumps(payload, indent=2, default=str))

    def _refuse(self, message, path, as_json):
        if as_json:
            self._print_json({"status": "refused", "file": path.name, "message": message})
        raise CommandError(f"{message} Nothing was imported.")
