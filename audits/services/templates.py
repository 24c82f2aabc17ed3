"""Audit templates: a QA officer drafts a new version, edits it, and publishes it.

A published version is never edited again; publishing retires the version before it, and every
audit keeps the version it started on.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casework.models import Episode

from ..errors import AuditError
from ..models import AuditDomain, AuditQuestion, AuditTemplate
from ..template_defaults import create_default_template
from .history import history_stamp

TemplateStatus = AuditTemplate.Status

TEMPLATE_TRANSITIONS: dict[str, frozenset[str]] = {
    TemplateStatus.DRAFT: frozenset({TemplateStatus.PUBLISHED}),
    TemplateStatus.PUBLISHED: frozenset({TemplateStatus.RETIRED}),
    TemplateStatus.RETIRED: frozenset(),
}


@dataclass(frozen=True)
class QuestionInput:
    text: str
    guidance: str = ""
    pk: int | None = None


def _guard_template(template: AuditTemplate, to: str) -> None:
    if to not in TEMPLATE_TRANSITIONS[template.status]:
        raise AuditError(
            f"Version {template.version} is {template.get_status_display().lower()} and cannot "
            f"become {TemplateStatus(to).label.lower()}."
        )


def _guard_editable(template: AuditTemplate) -> None:
    if not template.is_draft:
        raise AuditError(
            f"Version {template.version} is {template.get_status_display().lower()} and cannot "
            "be changed. Start a new draft instead."
        )


def _clean_case_kinds(case_kinds: list[str]) -> list[str]:
    unknown = [kind for kind in case_kinds if kind not in Episode.CASE_KINDS]
    if unknown:
        raise AuditError(f"'{unknown[0]}' is not a case type that is audited.")
    return [kind for kind in Episode.CASE_KINDS if kind in case_kinds]


@transaction.atomic
def audit_template_ensure_default() -> AuditTemplate:
    """The published template, creating the default one if no version exists at all."""
    current = AuditTemplate.objects.filter(status=TemplateStatus.PUBLISHED).first()
    if current is not None:
        return current
    if AuditTemplate.objects.exists():
        raise AuditError("No audit template is published. Publish a version first.")
    return create_default_template(AuditTemplate, AuditDomain, AuditQuestion)


@transaction.atomic
def audit_template_draft_create(*, by) -> AuditTemplate:
    """Start the next version as a copy of the latest one, ready to edit."""
    existing = AuditTemplate.objects.select_for_update().filter(status=TemplateStatus.DRAFT)
    if draft := existing.first():
        raise AuditError(
            f"Version {draft.version} is already a draft. Finish it and publish it first."
        )
    latest = (
        AuditTemplate.objects.filter(status=TemplateStatus.PUBLISHED).first()
        or AuditTemplate.objects.order_by("-version").first()
    )
    next_version = (AuditTemplate.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = AuditTemplate(
        version=next_version,
        title=latest.title if latest else "Case file audit",
        status=TemplateStatus.DRAFT,
        created_by=by,
    )
    history_stamp(draft, by=by, reason=f"Drafted from version {latest.version}" if latest else "")
    draft.save()
    if latest is not None:
        for domain in latest.domains.prefetch_related("questions"):
            copy = AuditDomain.objects.create(
                template=draft,
                position=domain.position,
                title=domain.title,
                description=domain.description,
                case_kinds=list(domain.case_kinds),
            )
            AuditQuestion.objects.bulk_create(
                AuditQuestion(
                    domain=copy,
                    position=q.position,
                    text=q.text,
                    guidance=q.guidance,
                    measure_id=q.measure_id,
                )
                for q in domain.questions.all()
            )
    return draft


@transaction.atomic
def audit_template_update(*, template: AuditTemplate, by, title: str, notes: str) -> AuditTemplate:
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    _guard_editable(template)
    if not title.strip():
        raise AuditError("Enter a title for the template.")
    template.title = title.strip()
    template.notes = notes.strip()
    history_stamp(template, by=by, reason="Title or notes changed")
    template.save(update_fields=["title", "notes"])
    return template


@transaction.atomic
def audit_domain_add(
    *,
    template: AuditTemplate,
    by,
    title: str,
    description: str = "",
    case_kinds: list[str],
    questions: list[QuestionInput],
    position: int | None = None,
) -> AuditDomain:
    """Add a domain and its questions to a draft (last in the form unless ``position`` says)."""
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    _guard_editable(template)
    if not title.strip():
        raise AuditError("Enter a title for the domain.")
    if position is None:
        position = (template.domains.aggregate(top=Max("position"))["top"] or 0) + 1
    domain = AuditDomain(template=template, position=position, title=title.strip())
    history_stamp(domain, by=by, reason="Domain added")
    domain.save()
    return audit_domain_update(
        domain=domain,
        by=by,
        title=title,
        description=description,
        case_kinds=case_kinds,
        position=position,
        questions=questions,
    )


@transaction.atomic
def audit_domain_update(
    *,
    domain: AuditDomain,
    by,
    title: str,
    description: str,
    case_kinds: list[str],
    position: int,
    questions: list[QuestionInput],
) -> AuditDomain:
    """Change a draft's domain and set its questions, in order (questions left out are removed)."""
    AuditTemplate.objects.select_for_update().get(pk=domain.template_id)
    _guard_editable(domain.template)
    if not title.strip():
        raise AuditError("Enter a title for the domain.")
    questions = [q for q in questions if q.text.strip()]
    if not questions:
        raise AuditError(f"Add at least one question to '{title.strip()}'.")
    domain.title = title.strip()
    domain.description = description.strip()
    domain.case_kinds = _clean_case_kinds(case_kinds)
    domain.position = position
    history_stamp(domain, by=by, reason="Domain changed")
    domain.save(update_fields=["title", "description", "case_kinds", "position"])

    existing = {q.pk: q for q in domain.questions.all()}
    kept = {q.pk for q in questions if q.pk in existing}
    for question in existing.values():
        if question.pk not in kept:
            history_stamp(question, by=by, reason="Question removed")
            question.delete()
    for number, item in enumerate(questions, start=1):
        question = existing.get(item.pk) or AuditQuestion(domain=domain)
        question.position = number
        question.text = item.text.strip()
        question.guidance = item.guidance.strip()
        history_stamp(question, by=by)
        question.save()
    return domain


@transaction.atomic
def audit_domain_remove(*, domain: AuditDomain, by) -> None:
    AuditTemplate.objects.select_for_update().get(pk=domain.template_id)
    _guard_editable(domain.template)
    history_stamp(domain, by=by, reason="Domain removed")
    domain.delete()


@transaction.atomic
def audit_template_publish(*, template: AuditTemplate, by, notes: str = "") -> AuditTemplate:
    """Publish a draft: new audits use it from now on, and the version before it is retired."""
    template = AuditTemplate.objects.select_for_update().get(pk=template.pk)
    _guard_template(template, TemplateStatus.PUBLISHED)
    domains = list(template.domains.prefetch_related("questions"))
    if not domains:
        raise AuditError("Add at least one domain before publishing.")
    for domain in domains:
        if not domain.questions.all():
            raise AuditError(f"Add at least one question to '{domain.title}' before publishing.")
    for previous in AuditTemplate.objects.select_for_update().filter(
        status=TemplateStatus.PUBLISHED
    ):
        _guard_template(previous, TemplateStatus.RETIRED)
        previous.status = TemplateStatus.RETIRED
        history_stamp(previous, by=by, reason=f"Replaced by version {template.version}")
        previous.save(update_fields=["status"])
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.published_by = by
    if notes.strip():
        template.notes = notes.strip()
    history_stamp(template, by=by, reason="Published")
    template.save(update_fields=["status", "published_at", "published_by", "notes"])
    return template
