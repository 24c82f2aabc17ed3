"""Scheduled work for the service's case data. Tasks are thin: they call a service."""

from celery import shared_task

from .imports.services import case_import_previews_expire, drop_folder_import


@shared_task(acks_late=True)
def import_drop_folder() -> dict:
    """Import files waiting in the drop folder (nightly feeds) and cancel stale previews.

    Safe to run twice: a file already imported is moved aside, not imported again.
    """
    runs = drop_folder_import()
    return {
        "imported": sum(1 for run in runs if run.status == run.Status.APPLIED),
        "refused": sum(1 for run in runs if run.status == run.Status.REFUSED),
        "previews_cancelled": case_import_previews_expire(),
    }
