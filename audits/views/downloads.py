"""The audit lists as CSV and Excel: the same people, the same rows and the same filter as the
pages, and gradings only once both are in (``selectors.gradings_revealed``)."""

from casework.services import child_access_record_many
from qaf.exports import Column, export_response
from qaf.permissions import role_required
from qaf.roles import Role

from .. import selectors
from ..models import Grading
from .case_audits import AUDIT_ROLES, audit_list_filter

ROUND_COLUMNS = [
    Column("Month", lambda r: r.period),
    Column("Sampled on", lambda r: r.sampled_at),
    Column("Sampled by", lambda r: str(r.sampled_by) if r.sampled_by else ""),
    Column("Cases", lambda r: r.audits),
    Column("Needing an auditor", lambda r: r.unassigned),
    Column("Gradings due", lambda r: r.due_date),
]


@role_required(Role.QA_OFFICER, Role.DIRECTOR)
def rounds_download(request):
    return export_response(
        request, what="audit rounds", columns=ROUND_COLUMNS, rows=selectors.rounds_with_counts()
    )


def _part(user):
    def part(audit) -> str:
        if audit.team_manager_id == user.pk:
            return "Team manager"
        if audit.peer_auditor_id == user.pk:
            return "Peer auditor"
        return ""

    return part


def _grade(grades: dict, role: str):
    def grade(audit) -> str:
        return grades.get((audit.pk, role), "")

    return grade


@role_required(*AUDIT_ROLES)
def audit_list_download(request):
    """Every audit the list shows (all pages). Each auditor's overall grade is given only for
    audits with both gradings in, so nobody learns the other's grade early from a download."""
    filtered = audit_list_filter(request).qs
    audits = list(filtered)
    grades = {
        (case_audit_id, role): label
        for case_audit_id, role, label in _revealed_grades(filtered.values("pk"))
    }
    child_access_record_many(
        user=request.user, children=[a.child for a in audits], context="audit list download"
    )
    columns = [
        Column("Case", lambda a: a.child.child_id),
        Column("Type", lambda a: a.get_case_kind_display()),
        Column("Team", lambda a: a.team.name),
        Column("Month", lambda a: a.round.period),
        Column("Your part", _part(request.user)),
        Column("Due", lambda a: a.due_date),
        Column("Progress", selectors.progress_of),
        Column("State", lambda a: a.get_status_display()),
        Column("Team manager's grade", _grade(grades, Grading.Role.TEAM_MANAGER)),
        Column("Peer auditor's grade", _grade(grades, Grading.Role.PEER_AUDITOR)),
    ]
    return export_response(request, what="case audits", columns=columns, rows=audits)


def _revealed_grades(audit_pks) -> list[tuple[int, str, str]]:
    """(audit, role, grade label) of the submitted gradings of these audits that both auditors
    have finished: one query, however many audits."""
    rows = (
        selectors.gradings_revealed()
        .filter(case_audit_id__in=audit_pks, submitted_at__isnull=False)
        .values_list("case_audit_id", "role", "overall_grade")
    )
    return [(pk, role, selectors.grade_label(grade)) for pk, role, grade in rows]
