"""Reads of the loop's history: every change to the moderation, final grade, learning notes,
actions, feedback, follow-up and escalations of one audit, in words a person can follow."""

from audits.history import HistoryEntry
from audits.models import AuditDomain, CaseAudit, Grade

from .models import (
    Action,
    ActionCheck,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningNote,
    ModeratedDomainGrade,
    Moderation,
    PractitionerFeedback,
)

GRADE_FIELDS = {"overall_grade", "agreed_overall_grade", "grade"}
# Free text is named, not shown: the history says that it was written or changed.
TEXT_FIELDS = {
    "meeting_notes",
    "rationale",
    "note",
    "description",
    "evidence",
    "going_well",
    "to_improve",
    "compliments",
    "reflection",
    "look_back",
    "escalation_reason",
    "reason",
    "response",
    "comment",
}


def _who(row) -> str:
    user = row.history_user
    return user.display_name if user else "The scheduled job"


def _label(model, field: str, value) -> str:
    if value in (None, ""):
        return "nothing"
    if field in GRADE_FIELDS:
        return Grade(value).label if value in Grade.values else str(value)
    choices = dict(model._meta.get_field(field).choices or ())
    if choices:
        return str(choices.get(value, value))
    if hasattr(value, "day") and hasattr(value, "year"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _entries(model, rows, fields: dict[str, str], what: str) -> list[HistoryEntry]:
    entries = []
    previous: dict[int, object] = {}
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        lines = []
        for field, label in fields.items():
            new = getattr(row, field)
            old = getattr(before, field) if before is not None else None
            if (before is None and new in (None, "")) or (before is not None and new == old):
                continue
            if field in TEXT_FIELDS:
                lines.append(f"{label} written" if not old else f"{label} changed")
            else:
                lines.append(f"{label}: {_label(model, field, old)} → {_label(model, field, new)}")
        previous[row.id] = row
        reason = row.history_change_reason or ("Created" if row.history_type == "+" else "Changed")
        entries.append(HistoryEntry(row.history_date, _who(row), f"{what}: {reason}", tuple(lines)))
    return entries


def loop_history(*, case_audit: CaseAudit) -> list[HistoryEntry]:
    """Newest first. The gradings' own history is on the audit's history page."""
    entries: list[HistoryEntry] = []
    moderation_ids = list(
        Moderation.objects.filter(case_audit=case_audit).values_list("pk", flat=True)
    )
    entries += _entries(
        Moderation,
        Moderation.history.filter(case_audit_id=case_audit.pk).select_related("history_user"),
        {
            "status": "State",
            "due_date": "Due",
            "meeting_held_on": "Meeting held",
            "meeting_notes": "Notes of the meeting",
            "agreed_overall_grade": "Agreed overall grade",
            "rationale": "Rationale",
        },
        "Moderation",
    )
    domain_rows = list(
        ModeratedDomainGrade.history.filter(moderation_id__in=moderation_ids).select_related(
            "history_user"
        )
    )
    titles = dict(
        AuditDomain.objects.filter(pk__in={row.domain_id for row in domain_rows}).values_list(
            "pk", "title"
        )
    )
    for row in domain_rows:
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                f"Agreed grade for {titles.get(row.domain_id, 'a domain')}",
                (f"Grade: {_label(ModeratedDomainGrade, 'grade', row.grade)}",),
            )
        )
    entries += _entries(
        LearningNote,
        LearningNote.history.filter(moderation_id__in=moderation_ids).select_related(
            "history_user"
        ),
        {"note": "Note", "acknowledged_at": "Acknowledged"},
        "Learning note",
    )
    entries += _entries(
        FinalGrade,
        FinalGrade.history.filter(case_audit_id=case_audit.pk).select_related("history_user"),
        {"overall_grade": "Final grade", "follow_up_due": "Follow-up due"},
        "Final grade",
    )
    entries += _entries(
        Action,
        Action.history.filter(case_audit_id=case_audit.pk).select_related("history_user"),
        {
            "description": "What must change",
            "due_date": "Due",
            "status": "State",
            "evidence": "Evidence",
        },
        "Action",
    )
    entries += _entries(
        PractitionerFeedback,
        PractitionerFeedback.history.filter(case_audit_id=case_audit.pk).select_related(
            "history_user"
        ),
        {
            "going_well": "What is going well",
            "to_improve": "What to improve",
            "compliments": "Compliments",
            "status": "State",
            "reflection": "Reflection",
        },
        "Feedback to the social worker",
    )
    review_ids = list(
        FollowUpReview.objects.filter(case_audit=case_audit).values_list("pk", flat=True)
    )
    entries += _entries(
        FollowUpReview,
        FollowUpReview.history.filter(case_audit_id=case_audit.pk).select_related("history_user"),
        {
            "status": "State",
            "outcome": "Outcome",
            "look_back": "Look back",
            "escalation_reason": "Reason for escalating",
        },
        "Follow-up review",
    )
    entries += _entries(
        ActionCheck,
        ActionCheck.history.filter(review_id__in=review_ids).select_related("history_user"),
        {"finding": "Finding", "comment": "Comment"},
        "Action checked",
    )
    entries += _entries(
        Escalation,
        Escalation.history.filter(case_audit_id=case_audit.pk).select_related("history_user"),
        {"kind": "What", "reason": "Reason", "status": "State", "response": "Response"},
        "Escalation",
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
