"""What casework holds about a child: the child, their episodes and case events, workers and the
access log."""

from qaf import subject_access

from .models import Allocation, CaseEvent, ChildAccessLog, Episode


def child_sections(child):
    yield "The child", subject_access.records([child])
    yield (
        "Episodes",
        subject_access.records(Episode.objects.filter(child=child).select_related("team")),
    )
    yield (
        "Case events",
        subject_access.records(
            CaseEvent.objects.filter(child=child).select_related("episode__child"),
            leave_out={"child"},
        ),
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
