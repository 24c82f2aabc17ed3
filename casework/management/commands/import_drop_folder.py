from pathlib import Path

from django.core.management.base import BaseCommand

from casework.imports.services import case_import_previews_expire, drop_folder_import


class Command(BaseCommand):
    help = (
        "Import every workbook and CSV file waiting in the drop folder (what the scheduled task "
        "does). Imported files move to done/, refused ones to failed/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, help="default: settings.QAF_DROP_FOLDER")

    def handle(self, *args, folder: Path | None = None, **options):
        runs = drop_folder_import(folder=folder)
        for run in runs:
            self.stdout.write(f"{run.file_name}: {run.get_status_display().lower()}")
            if run.message:
                self.stdout.write(f"  {run.message}")
        expired = case_import_previews_expire()
        self.stdout.write(
            f"{len(runs)} file{'s' if len(runs) != 1 else ''} processed; "
            f"{expired} unconfirmed upload{'s' if expired != 1 else ''} cancelled."
        )
