"""The senior manager's moderation: the meeting with both auditors, the agreed grades, the
rationale, and a learning note to each auditor, which they acknowledge."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit, Grade, Grading
from audits.selectors import domains_for
from audits.services.history import history_stamp
from qaf import workflow
from qaf.notifications import notification_send

from ..errors import ModerationError
from ..models import FinalGrade, LearningNote, LearningTheme, ModeratedDomainGrade, Moderation
from .routing import final_grade_record

MAX_TEXT = 10_000


def clean_text(value: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ModerationError(f"Write {what}.")
    if len(value) > MAX_TEXT:
        raise ModerationError(
            f"{what[0].upper()}{what[1:]} must be {MAX_TEXT:,} characters or fewer."
        )
    return value


def active_themes(themes: Iterable[LearningTheme]) -> list[LearningTheme]:
    themes = list(themes)
    retired = [t.name for t in themes if not t.is_active]
    if retired:
        raise ModerationError(f"'{retired[0]}' is no longer a theme you can choose.")
    return themes


@transaction.atomic
def moderation_record(
    *,
    moderation: Moderation,
    by,
    held_on: date,
    meeting_notes: str,
    domain_grades: dict[int, str],
    overall_grade: str,
    rationale: str,
    note_to_team_manager: str,
    note_to_peer_auditor: str,
    themes: Iterable[LearningTheme] = (),
) -> Moderation:
    """Record the moderation and make its overall grade the audit's final grade."""
    moderation = (
        Moderation.objects.select_for_update(of=("self",))
        .select_related(
            "case_audit__child",
            "case_audit__team__service_area",
            "case_audit__team_manager",
            "case_audit__peer_auditor",
        )
        .get(pk=moderation.pk)
    )
    audit = moderation.case_audit
    if by.pk in (audit.team_manager_id, audit.peer_auditor_id):
        raise ModerationError("You graded this case, so you cannot moderate it.")
    if moderation.moderator_id != by.pk:
        raise ModerationError("Only the senior manager this audit was sent to can moderate it.")
    if workflow.is_finished(moderation):
        raise ModerationError("This audit has been moderated already.")
    today = timezone.localdate()
    if held_on is None:
        raise ModerationError("Enter the date you met both auditors.")
    if held_on > today:
        raise ModerationError("The date of the meeting must be today or in the past.")
    if overall_grade not in Grade.values:
        raise ModerationError("Choose the agreed overall grade.")
    domains = domains_for(audit)
    for domain in domains:
        if domain_grades.get(domain.pk) not in Grade.values:
            raise ModerationError(f"Choose the agreed grade for {domain.title}.")
    rationale = clean_text(rationale, "why these are the right grades")
    meeting_notes = clean_text(meeting_notes, "what was discussed", required=False)
    notes = {
        Grading.Role.TEAM_MANAGER: (
            audit.team_manager,
            clean_text(note_to_team_manager, "a learning note to the team manager"),
        ),
        Grading.Role.PEER_AUDITOR: (
            audit.peer_auditor,
            clean_text(note_to_peer_auditor, "a learning note to the peer auditor"),
        ),
    }
    themes = active_themes(themes)

    for domain in domains:
        agreed = ModeratedDomainGrade(
            moderation=moderation, domain=domain, grade=domain_grades[domain.pk]
        )
        history_stamp(agreed, by=by, reason="Agreed in moderation")
        agreed.save()
    for role, (recipient, text) in notes.items():
        note = LearningNote(moderation=moderation, role=role, recipient=recipient, note=text)
        history_stamp(note, by=by, reason="Learning note written")
        note.save()
        notification_send(
            recipients=[recipient],
            subject=f"A learning note from the moderation of case {audit.child.child_id}",
            body=(
                f"{by.display_name} has written you a learning note. Read it and tell them "
                "you have."
            ),
            url=reverse("moderation:note", args=[note.pk]),
            dedupe_key=f"moderation:note:{note.pk}",
        )
    moderation = workflow.perform(
        moderation,
        "moderate",
        by=by,
        reason="Moderated",
        fields={
            "meeting_held_on": held_on,
            "meeting_notes": meeting_notes,
            "agreed_overall_grade": overall_grade,
            "rationale": rationale,
            "moderated_at": timezone.now(),
        },
    )
    moderation.themes.set(themes)
    workflow.perform(audit, "moderate", by=by, reason="Moderated")
    final_grade_record(
        case_audit=audit,
        overall_grade=overall_grade,
        route=FinalGrade.Route.MODERATED,
        decided_on=today,
        by=by,
    )
    return moderation


@transaction.atomic
def learning_note_acknowledge(*, note: LearningNote, by) -> LearningNote:
    note = LearningNote.objects.select_for_update(of=("self",)).get(pk=note.pk)
    if note.recipient_id != by.pk:
        raise ModerationError("Only the person the note is written to can acknowledge it.")
    if note.acknowledged_at is not None:
        return note
    note.acknowledged_at = timezone.now()
    history_stamp(note, by=by, reason="Acknowledged")
    note.save(update_fields=["acknowledged_at"])
    return note


@transaction.atomic
def grading_themes_set(*, case_audit: CaseAudit, by, themes: Iterable[LearningTheme]) -> Grading:
    """An auditor tags the findings of their own submitted grading with learning themes.

    Retired themes already on the grading stay; new ones must be active.
    """
    grading = (
        Grading.objects.select_for_update(of=("self",))
        .filter(case_audit=case_audit, auditor=by, submitted_at__isnull=False)
        .first()
    )
    if grading is None:
        raise ModerationError("Only an auditor who has submitted their grading can tag its themes.")
    chosen = list(themes)
    current = set(grading.learning_themes.values_list("pk", flat=True))
    active_themes(t for t in chosen if t.pk not in current)
    grading.learning_themes.set(chosen)
    history_stamp(grading, by=by, reason="Learning themes tagged")
    grading.save(update_fields=["updated_at"])
    return grading
