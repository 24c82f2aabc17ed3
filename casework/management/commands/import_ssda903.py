from casework.models import ImportRun

from ._return import ReturnCommand


class Command(ReturnCommand):
    help = (
        "Import the SSDA903 return (children looked after) for a collection year: its CSV "
        "tables with their DfE column names, as several files or one zip. A return that cannot "
        "be imported writes nothing."
    )
    source = ImportRun.Source.SSDA903
    many_files = True
