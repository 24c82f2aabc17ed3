from casework.models import ImportRun

from ._return import ReturnCommand


class Command(ReturnCommand):
    help = (
        "Import the children in need census (the DfE XML) for a collection year. A census "
        "that cannot be imported writes nothing."
    )
    source = ImportRun.Source.CIN_CENSUS
