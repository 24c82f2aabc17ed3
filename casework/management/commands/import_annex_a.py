from casework.models import ImportRun

from ._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the Ofsted Annex A workbook (lists 1-9) as a snapshot of cases. Rejected and "
        "doubtful rows are reported; a file that cannot be imported writes nothing."
    )
    source = ImportRun.Source.ANNEX_A
