"""The case audit's states (DESIGN.md, "The looped audit") and the one guard that moves them."""

from django.db import transaction

from ..errors import AuditError
from ..models import CaseAudit, Grading
from .history import history_stamp

Status = CaseAudit.Status

# Which state may follow which. Part 1 moves sampled -> in progress -> both graded; the
# moderation app moves both graded -> agreed or in moderation, and on round the loop.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SAMPLED: frozenset({Status.IN_PROGRESS}),
    Status.IN_PROGRESS: frozenset({Status.BOTH_GRADED}),
    Status.BOTH_GRADED: frozenset({Status.AGREED, Status.IN_MODERATION}),
    Status.AGREED: frozenset({Status.ACTIONS_AND_FEEDBACK}),
    Status.IN_MODERATION: frozenset({Status.MODERATED}),
    Status.MODERATED: frozenset({Status.ACTIONS_AND_FEEDBACK}),
    Status.ACTIONS_AND_FEEDBACK: frozenset({Status.FOLLOW_UP}),
    Status.FOLLOW_UP: frozenset({Status.CLOSED, Status.ESCALATED}),
    Status.ESCALATED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


def transition_allowed(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


@transaction.atomic
def case_audit_transition(
    *, case_audit: CaseAudit, to: str, by=None, reason: str = ""
) -> CaseAudit:
    """Move ``case_audit`` to ``to`` if the workflow allows it, recording who and why in history.

    The row is locked first, so two people acting at once cannot both move it.
    """
    locked = CaseAudit.objects.select_for_update().get(pk=case_audit.pk)
    if to not in Status.values:
        raise AuditError(f"'{to}' is not a state of a case audit.")
    if not transition_allowed(locked.status, to):
        allowed = ", ".join(Status(s).label.lower() for s in sorted(TRANSITIONS[locked.status]))
        raise AuditError(
            f"An audit that is '{locked.get_status_display().lower()}' cannot become "
            f"'{Status(to).label.lower()}'"
            + (f". It can only become: {allowed}." if allowed else ". It is finished.")
        )
    if to == Status.BOTH_GRADED:
        submitted = Grading.objects.filter(case_audit=locked, submitted_at__isnull=False).count()
        if submitted < len(Grading.Role.values):
            raise AuditError("Both the team manager and the peer auditor must submit first.")
    locked.status = to
    history_stamp(locked, by=by, reason=reason or f"Became {Status(to).label.lower()}")
    locked.save(update_fields=["status", "updated_at"])
    case_audit.status = locked.status
    return locked
