"""How long the access log and the case data import history are kept.

A child's episodes, case events and allocations are the child's record: they have no clean-up of
their own and go with the child (deleting a child deletes them).
"""

from django.db.models import QuerySet

from qaf import retention

from .imports.services import _private_path
from .models import ChildAccessLog, ImportRun


def _delete_import_runs(runs: QuerySet[ImportRun]) -> int:
    """Delete the runs (their rejected rows name children) and any file still kept for one."""
    for stored_name in runs.exclude(stored_name="").values_list("stored_name", flat=True):
        path = _private_path(stored_name)
        if path is not None:
            path.unlink(missing_ok=True)
    return retention.delete_with_history(runs)


def register() -> None:
    retention.register(
        retention.RecordType(
            key="access_logs",
            label="Access log (who viewed which child)",
            default_years=3,
            expired=lambda cutoff: ChildAccessLog.objects.filter(viewed_at__lt=cutoff),
            kept_from="the day of the view",
        )
    )
    retention.register(
        retention.RecordType(
            key="import_runs",
            label="Case data imports and their files",
            default_years=2,
            expired=lambda cutoff: ImportRun.objects.filter(created_at__lt=cutoff),
            kept_from="the day of the import",
            action=retention.DELETE,
            apply=_delete_import_runs,
        )
    )
