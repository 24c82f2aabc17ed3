"""Reads of an audit's history: who changed what, and when, in words a person can follow.

The history of gradings and conversations is as blind as they are: another auditor's rows are
left out until both gradings are submitted.
"""

from dataclasses import dataclass
from datetime import datetime

from .models import (
    CaseAudit,
    Conversation,
    DomainGrade,
    Grade,
    Grading,
    SafeguardingConcern,
)

GRADE_LABELS = dict(Grade.choices)


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    changes: tuple[str, ...] = ()


def _who(row) -> str:
    user = row.history_user
    return user.display_name if user else "The scheduled job"


def _label(field: str, value) -> str:
    if value in (None, ""):
        return "nothing"
    if field in ("grade", "overall_grade"):
        return GRADE_LABELS.get(value, value)
    if field == "status":
        return CaseAudit.Status(value).label
    return str(value)


def _changes(rows, fields: dict[str, str], *, text_fields=(), names=None) -> dict[int, list[str]]:
    """For each history row, what changed since the row before it of the same object."""
    names = names or {}
    previous: dict[int, object] = {}
    described: dict[int, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(row.id)
        lines = []
        for field, label in fields.items():
            new = getattr(row, field)
            old = getattr(before, field) if before is not None else None
            if before is None and new in (None, ""):
                continue
            if before is not None and new == old:
                continue
            if field in text_fields:
                lines.append(
                    f"{label} written" if before is None or not old else f"{label} changed"
                )
            elif field in names:
                lines.append(f"{label}: {names[field].get(new, 'nobody')}")
            else:
                lines.append(f"{label}: {_label(field, old)} → {_label(field, new)}")
        described[row.history_id] = lines
        previous[row.id] = row
    return described


def audit_history(user, *, case_audit: CaseAudit, domain_titles: dict[int, str]) -> list:
    """Every change to ``case_audit``, its gradings, conversations and concerns, newest first."""
    entries: list[HistoryEntry] = []
    people = {
        u.pk: u.display_name
        for u in (case_audit.team_manager, case_audit.peer_auditor)
        if u is not None
    }

    audit_rows = list(
        CaseAudit.history.filter(id=case_audit.pk).select_related(
            "history_user", "team_manager", "peer_auditor"
        )
    )
    for row in audit_rows:
        for person in (row.team_manager, row.peer_auditor):
            if person is not None:
                people[person.pk] = person.display_name
    audit_changes = _changes(
        audit_rows,
        {"status": "State", "team_manager_id": "Team manager", "peer_auditor_id": "Peer auditor"},
        names={"team_manager_id": people, "peer_auditor_id": people},
    )
    for row in audit_rows:
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                row.history_change_reason or "Audit changed",
                tuple(audit_changes[row.history_id]),
            )
        )

    grading_rows = list(
        Grading.history.filter(case_audit_id=case_audit.pk).select_related("history_user")
    )
    visible_gradings = {
        row.id for row in grading_rows if case_audit.gradings_revealed or row.auditor_id == user.pk
    }
    role_of = {row.id: Grading.Role(row.role).label for row in grading_rows}
    grading_rows = [row for row in grading_rows if row.id in visible_gradings]
    grading_changes = _changes(
        grading_rows,
        {
            "overall_grade": "Overall grade",
            "strengths": "What is working well",
            "areas_for_development": "What needs to improve",
        },
        text_fields=("strengths", "areas_for_development"),
    )
    for row in grading_rows:
        if not (grading_changes[row.history_id] or row.history_change_reason):
            continue  # a save that changed nothing a reader would notice
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                f"{role_of[row.id]}'s grading: " + (row.history_change_reason or "changed").lower(),
                tuple(grading_changes[row.history_id]),
            )
        )

    domain_rows = list(
        DomainGrade.history.filter(grading_id__in=visible_gradings).select_related("history_user")
    )
    domain_changes = _changes(
        domain_rows, {"grade": "Grade", "evidence": "Evidence"}, text_fields=("evidence",)
    )
    for row in domain_rows:
        if row.history_type == "-":
            continue  # a discarded draft: its grading's own row says so
        title = domain_titles.get(row.domain_id, "A domain")
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                f"{role_of.get(row.grading_id, 'An auditor')}'s grading: {title}",
                tuple(domain_changes[row.history_id]),
            )
        )

    conversations = Conversation.history.filter(case_audit_id=case_audit.pk).select_related(
        "history_user"
    )
    for row in conversations:
        if case_audit.gradings_revealed or row.recorded_by_id == user.pk:
            person = Conversation.Person(row.person).label.lower()
            entries.append(
                HistoryEntry(row.history_date, _who(row), f"Conversation with {person} recorded")
            )

    for row in SafeguardingConcern.history.filter(case_audit_id=case_audit.pk).select_related(
        "history_user"
    ):
        entries.append(
            HistoryEntry(
                row.history_date,
                _who(row),
                row.history_change_reason or "Safeguarding concern raised",
            )
        )

    return sorted(entries, key=lambda entry: entry.when, reverse=True)
