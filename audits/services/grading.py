"""The two blind gradings and the peer auditor's conversations.

An auditor saves a draft as often as they like and submits once; a submitted grading is never
edited. When the second grading is submitted the audit becomes "both graded" and the moderation
app is told through ``audits.signals.case_audit_both_graded``.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qaf import workflow
from qaf.notifications import notification_send

from .. import selectors
from ..errors import AuditError, GradingIncomplete
from ..models import (
    AuditDomain,
    CaseAudit,
    Conversation,
    ConversationAnswer,
    ConversationQuestion,
    DomainGrade,
    Grade,
    Grading,
)
from ..signals import case_audit_both_graded
from .history import history_stamp

Status = CaseAudit.Status
MAX_TEXT = 10_000


def _lock(case_audit: CaseAudit) -> CaseAudit:
    return (
        # Lock the audit's row only: its template may be empty (an outer join cannot be locked).
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("child", "team", "template")
        .get(pk=case_audit.pk)
    )


def _start(case_audit: CaseAudit, *, by) -> None:
    """First work on an audit: bind it to today's template version and mark it in progress."""
    if case_audit.status != Status.SAMPLED:
        return
    if case_audit.template_id is None:
        case_audit.template = selectors.audit_template_current()
        if case_audit.template is None:
            raise AuditError("No audit template is published. Ask a QA officer to publish one.")
        history_stamp(
            case_audit, by=by, reason=f"Uses template version {case_audit.template.version}"
        )
        case_audit.save(update_fields=["template", "updated_at"])
    workflow.perform(case_audit, "start", by=by, reason="Started")


def _check_text(value: str, what: str) -> str:
    if len(value) > MAX_TEXT:
        raise AuditError(f"{what} must be {MAX_TEXT:,} characters or fewer.")
    return value.strip()


def _own_grading(case_audit: CaseAudit, *, by) -> Grading:
    """The draft grading ``by`` is writing for ``case_audit`` (locked), created on first use."""
    role = selectors.auditor_role(case_audit, by)
    if role is None:
        raise AuditError("Only the case's team manager and peer auditor can grade it.")
    if case_audit.status not in CaseAudit.GRADING_STATES:
        raise AuditError("Both gradings are in, so this grading can no longer be changed.")
    _start(case_audit, by=by)
    grading = Grading.objects.select_for_update().filter(case_audit=case_audit, role=role).first()
    if grading is None:
        grading = Grading(case_audit=case_audit, role=role, auditor=by)
        history_stamp(grading, by=by, reason="Draft started")
        grading.save()
    if grading.is_submitted:
        raise AuditError(
            f"You submitted your grading on {grading.submitted_at:%d %B %Y}. "
            "A submitted grading cannot be changed."
        )
    return grading


@transaction.atomic
def grading_domain_save(
    *, case_audit: CaseAudit, by, domain: AuditDomain, grade: str, evidence: str
) -> DomainGrade:
    """Save ``by``'s grade and evidence for one domain as a draft (either may still be empty)."""
    case_audit = _lock(case_audit)
    grading = _own_grading(case_audit, by=by)
    if domain.pk not in {d.pk for d in selectors.domains_for(case_audit)}:
        raise AuditError(f"'{domain.title}' is not part of this case's audit.")
    if grade and grade not in Grade.values:
        raise AuditError("Choose a grade from the Ofsted scale.")
    domain_grade = DomainGrade.objects.filter(grading=grading, domain=domain).first() or (
        DomainGrade(grading=grading, domain=domain)
    )
    domain_grade.grade = grade
    domain_grade.evidence = _check_text(evidence, f"The evidence for {domain.title}")
    history_stamp(domain_grade, by=by, reason="Draft saved")
    domain_grade.save()
    return domain_grade


@transaction.atomic
def grading_overall_save(
    *,
    case_audit: CaseAudit,
    by,
    overall_grade: str,
    strengths: str,
    areas_for_development: str,
) -> Grading:
    case_audit = _lock(case_audit)
    grading = _own_grading(case_audit, by=by)
    if overall_grade and overall_grade not in Grade.values:
        raise AuditError("Choose an overall grade from the Ofsted scale.")
    grading.overall_grade = overall_grade
    grading.strengths = _check_text(strengths, "What is working well")
    grading.areas_for_development = _check_text(areas_for_development, "What needs to improve")
    history_stamp(grading, by=by, reason="Draft saved")
    grading.save(
        update_fields=["overall_grade", "strengths", "areas_for_development", "updated_at"]
    )
    return grading


def grading_missing(*, case_audit: CaseAudit, grading: Grading | None) -> list[tuple[str, str]]:
    """What still has to be written before ``grading`` can be submitted, in the form's order."""
    grades = {}
    if grading is not None and grading.pk:
        grades = {dg.domain_id: dg for dg in grading.domain_grades.all()}
    missing = []
    for domain in selectors.domains_for(case_audit):
        entry = grades.get(domain.pk)
        if entry is None or not entry.grade:
            missing.append((f"Choose a grade for {domain.title}", str(domain.pk)))
        if entry is None or not entry.evidence:
            missing.append((f"Write the evidence for {domain.title}", str(domain.pk)))
    if grading is None or not grading.overall_grade:
        missing.append(("Choose an overall grade", "overall"))
    if grading is None or not grading.strengths:
        missing.append(("Write what is working well", "overall"))
    if grading is None or not grading.areas_for_development:
        missing.append(("Write what needs to improve", "overall"))
    return missing


@transaction.atomic
def grading_submit(*, case_audit: CaseAudit, by) -> Grading:
    """Submit ``by``'s grading. The second submission reveals both and makes the audit graded."""
    case_audit = _lock(case_audit)
    grading = _own_grading(case_audit, by=by)
    missing = grading_missing(case_audit=case_audit, grading=grading)
    if missing:
        raise GradingIncomplete(missing)
    grading.submitted_at = timezone.now()
    history_stamp(grading, by=by, reason="Submitted")
    grading.save(update_fields=["submitted_at", "updated_at"])

    case_ref = case_audit.child.child_id
    url = reverse("audits:detail", args=[case_audit.pk])
    other_submitted = (
        Grading.objects.filter(case_audit=case_audit, submitted_at__isnull=False)
        .exclude(pk=grading.pk)
        .exists()
    )
    if other_submitted:
        workflow.perform(case_audit, "grading_complete", by=by, reason="Both gradings submitted")
        notification_send(
            recipients=[case_audit.team_manager, case_audit.peer_auditor],
            subject=f"Both gradings of case {case_ref} are in",
            body="You can now see both gradings side by side, domain by domain.",
            url=url,
            dedupe_key=f"audits:both-graded:{case_audit.pk}",
        )
        transaction.on_commit(
            lambda pk=case_audit.pk: case_audit_both_graded.send(sender=CaseAudit, case_audit_id=pk)
        )
    else:
        other = (
            case_audit.peer_auditor
            if grading.role == Grading.Role.TEAM_MANAGER
            else case_audit.team_manager
        )
        notification_send(
            recipients=[other],
            subject=f"The {grading.get_role_display().lower()} has graded case {case_ref}",
            body="Their grades stay hidden until you submit yours.",
            url=url,
            dedupe_key=f"audits:submitted:{grading.pk}",
        )
    return grading


@transaction.atomic
def conversation_record(
    *,
    case_audit: CaseAudit,
    by,
    person: str,
    held_on: date,
    method: str,
    in_their_words: str,
    seen_alone: bool | None = None,
    relationship: str = "",
    answers: dict[ConversationQuestion, str] | None = None,
) -> Conversation:
    """Record the peer auditor's conversation with the child, a parent or carer, or the worker,
    with the answers to the Improvement Plan questions asked in it, all or nothing."""
    case_audit = _lock(case_audit)
    if by.pk != case_audit.peer_auditor_id:
        raise AuditError("Only the case's peer auditor records conversations.")
    _own_grading(case_audit, by=by)  # refuses once the peer auditor has submitted
    if person not in Conversation.Person.values:
        raise AuditError("Choose who you spoke with.")
    if method not in Conversation.Method.values:
        raise AuditError("Choose how you spoke with them.")
    if held_on > timezone.localdate():
        raise AuditError("The date of the conversation must be today or in the past.")
    if person == Conversation.Person.CHILD and seen_alone is None:
        raise AuditError("Say whether the child was seen alone.")
    if not in_their_words.strip():
        raise AuditError("Write what they said, in their own words.")
    conversation = Conversation(
        case_audit=case_audit,
        recorded_by=by,
        person=person,
        relationship=relationship.strip() if person == Conversation.Person.PARENT_OR_CARER else "",
        held_on=held_on,
        method=method,
        seen_alone=seen_alone if person == Conversation.Person.CHILD else None,
        in_their_words=_check_text(in_their_words, "What they said"),
    )
    answers = answers or {}
    for question, answer in answers.items():
        _check_answer(question, answer, person=person)
    history_stamp(conversation, by=by, reason="Conversation recorded")
    conversation.save()
    for question, answer in answers.items():
        row = ConversationAnswer(conversation=conversation, question=question, answer=answer)
        history_stamp(row, by=by, reason="Conversation recorded")
        row.save()
    return conversation


def _check_answer(question: ConversationQuestion, answer: str, *, person: str) -> None:
    if not question.active:
        raise AuditError(f"'{question.text}' is no longer asked. Leave it out.")
    if person not in question.people:
        asked_of = ConversationQuestion.AskedOf(question.asked_of).label.lower()
        raise AuditError(f"'{question.text}' is a question for {asked_of}.")
    if answer not in ConversationAnswer.Answer.values:
        raise AuditError(f"Choose one of the answers to '{question.text}'.")


@transaction.atomic
def case_audit_assign(*, case_audit: CaseAudit, role: str, auditor, by) -> CaseAudit:
    """Give one of the two gradings of ``case_audit`` to ``auditor`` (a QA officer's decision).

    The rules of independence still hold; capacity does not, since the QA officer decides. A
    draft the previous auditor left is discarded (its history is kept); a submitted grading
    cannot be handed on.
    """
    case_audit = _lock(case_audit)
    if role not in Grading.Role.values:
        raise AuditError("Choose whether this is the team manager's or the peer's grading.")
    if case_audit.status not in CaseAudit.GRADING_STATES:
        raise AuditError("Both gradings are in, so the auditors can no longer change.")
    problem = selectors.assignment_problem(case_audit, role=role, auditor=auditor)
    if problem:
        raise AuditError(problem)
    grading = Grading.objects.filter(case_audit=case_audit, role=role).first()
    if grading is not None:
        if grading.is_submitted:
            raise AuditError(
                f"The {grading.get_role_display().lower()} has already submitted; their grading "
                "cannot be handed to someone else."
            )
        if grading.auditor_id != auditor.pk:
            history_stamp(grading, by=by, reason=f"Handed to {auditor.display_name}")
            grading.delete()
    field = "team_manager" if role == Grading.Role.TEAM_MANAGER else "peer_auditor"
    previous_id = getattr(case_audit, f"{field}_id")
    setattr(case_audit, field, auditor)
    if case_audit.team_manager_id and case_audit.peer_auditor_id:
        case_audit.assignment_note = ""
    label = Grading.Role(role).label.lower()
    history_stamp(case_audit, by=by, reason=f"{Grading.Role(role).label} assigned")
    case_audit.save(update_fields=[field, "assignment_note", "updated_at"])
    if previous_id != auditor.pk:
        notification_send(
            recipients=[auditor],
            subject=f"You are the {label} for case {case_audit.child.child_id}",
            body=f"Grade it by {case_audit.due_date.day} {case_audit.due_date:%B %Y}.",
            url=reverse("audits:detail", args=[case_audit.pk]),
        )
    return case_audit
