"""What casework holds about a child: the child, their episodes, workers and the access log."""

from qaf import subject_access

from .models import Allocation, ChildAccessLog, Episode


def child_sections(child):
    yield "The child", subject_access.records([child])
    yield (
        "Episodes",
        subject_access.records(Episode.objects.filter(child=child).select_related("team")),
    )
    yield (
        "Allocated workers",
        subject_access.records(
            Allocation.objects.filter(child=child).select_related("worker", "team")
        ),
    )
    yield (
        "Who viewed the record",
        subject_access.records(
            ChildAccessLog.objects.filter(child=child).select_related("user"), leave_out={"child"}
        ),
    )
