"""The case audit's one move: a thin call to ``qaf.workflow.perform`` by the state it leads to.

The table itself is ``audits/workflow.py``. Services that know the action's name call
``workflow.perform`` directly; this is for those that name the state the audit becomes.
"""

from qaf import workflow

from ..errors import AuditError
from ..models import CaseAudit, Grading

Status = CaseAudit.Status


def case_audit_transition(
    *, case_audit: CaseAudit, to: str, by=None, reason: str = ""
) -> CaseAudit:
    """Move ``case_audit`` to ``to`` by the one action of its machine that leads there from its
    state, recording who and why in history (``workflow.perform`` locks and checks)."""
    if to not in Status.values:
        raise AuditError(f"'{to}' is not a state of a case audit.")
    machine = workflow.machine_for(CaseAudit)
    current = CaseAudit.objects.values_list("status", flat=True).get(pk=case_audit.pk)
    moves = [a for a in machine.actions_from(current) if a.target == to]
    if not moves:
        targets = sorted({a.target for a in machine.actions_from(current)})
        allowed = ", ".join(Status(s).label.lower() for s in targets)
        raise AuditError(
            f"An audit that is '{Status(current).label.lower()}' cannot become "
            f"'{Status(to).label.lower()}'"
            + (f". It can only become: {allowed}." if allowed else ". It is finished.")
        )
    if to == Status.BOTH_GRADED:
        submitted = Grading.objects.filter(case_audit=case_audit, submitted_at__isnull=False)
        if submitted.count() < len(Grading.Role.values):
            raise AuditError("Both the team manager and the peer auditor must submit first.")
    return workflow.perform(case_audit, moves[0].name, by=by, reason=reason)
