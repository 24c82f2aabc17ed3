"""The loop's lists as CSV and Excel, with the pages' own rows and filters. A moderation exists
only once both gradings are in, so nothing here can show a grading early."""

from qaf.exports import Column, export_response
from qaf.permissions import role_required

from .common import ACTION_ROLES, SENIOR_ROLES, log_list_access
from .follow_ups import follow_up_list_filtered
from .loop import action_list_filtered
from .moderations import moderation_list_filtered

MODERATION_COLUMNS = [
    Column("Case", lambda m: m.case_audit.child.child_id),
    Column("Month", lambda m: m.case_audit.round.period),
    Column("Team", lambda m: m.case_audit.team.name),
    Column("Service area", lambda m: m.case_audit.team.service_area.name),
    Column("Moderator", lambda m: str(m.moderator) if m.moderator else ""),
    Column("Routed on", lambda m: m.routed_on),
    Column("Due", lambda m: m.due_date),
    Column("Moderated", lambda m: m.moderated_at),
    Column("Agreed overall grade", lambda m: m.get_agreed_overall_grade_display()),
    Column("State", lambda m: m.get_status_display()),
]

ACTION_COLUMNS = [
    Column("What must change", lambda a: a.description),
    Column("Case", lambda a: a.case_audit.child.child_id),
    Column("Team", lambda a: a.case_audit.team.name),
    Column("Audit month", lambda a: a.case_audit.round.period),
    Column("Owner", lambda a: str(a.owner) if a.owner else ""),
    Column("Due", lambda a: a.due_date),
    Column("Completed", lambda a: a.completed_on),
    Column("State", lambda a: a.get_status_display()),
]


def _final_grade(review) -> str:
    final = getattr(review.case_audit, "final_grade", None)
    return final.get_overall_grade_display() if final else ""


FOLLOW_UP_COLUMNS = [
    Column("Case", lambda r: r.case_audit.child.child_id),
    Column("Team", lambda r: r.case_audit.team.name),
    Column("Audit month", lambda r: r.case_audit.round.period),
    Column("Final grade", _final_grade),
    Column("Reviewer", lambda r: str(r.reviewer) if r.reviewer else ""),
    Column("Due", lambda r: r.due_date),
    Column("Complete by", lambda r: r.complete_by),
    Column("Outcome", lambda r: r.get_outcome_display()),
    Column("State", lambda r: r.get_status_display()),
]


@role_required(*SENIOR_ROLES)
def moderation_list_download(request):
    moderations = list(moderation_list_filtered(request)[1])
    log_list_access(request, moderations, "moderation download")
    return export_response(
        request, what="moderations", columns=MODERATION_COLUMNS, rows=moderations
    )


@role_required(*ACTION_ROLES)
def action_list_download(request):
    actions = list(action_list_filtered(request)[2])
    log_list_access(request, actions, "actions download")
    return export_response(request, what="actions", columns=ACTION_COLUMNS, rows=actions)


@role_required(*SENIOR_ROLES)
def follow_up_list_download(request):
    reviews = list(follow_up_list_filtered(request)[1])
    log_list_access(request, reviews, "follow-up download")
    return export_response(
        request, what="follow-up reviews", columns=FOLLOW_UP_COLUMNS, rows=reviews
    )
