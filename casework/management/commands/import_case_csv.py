from casework.models import ImportRun

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a CSV case list (one row per open case; columns in docs/case-data-imports.md) "
        "as a snapshot of cases. A file that cannot be imported writes nothing."
    )
    source = ImportRun.Source.CASE_CSV
