"""What the audits hold about a child: each audit, and its gradings and conversations once both
gradings are in (a grading still blind is not yet a record of the service's view)."""

from qaf import subject_access

from .models import (
    CaseAudit,
    Conversation,
    ConversationAnswer,
    DomainGrade,
    Grading,
    SafeguardingConcern,
)


def audit_sections(child):
    audits = CaseAudit.objects.filter(child=child).select_related(
        "round", "team", "team_manager", "peer_auditor", "template"
    )
    revealed = audits.exclude(status__in=CaseAudit.GRADING_STATES)
    yield "Case audits", subject_access.records(audits, leave_out={"child"})
    yield (
        "Gradings",
        subject_access.records(
            Grading.objects.filter(case_audit__in=revealed).select_related("case_audit", "auditor")
        ),
    )
    yield (
        "Domain grades",
        subject_access.records(
            DomainGrade.objects.filter(grading__case_audit__in=revealed).select_related(
                "grading", "domain"
            )
        ),
    )
    yield (
        "Conversations",
        subject_access.records(
            Conversation.objects.filter(case_audit__in=revealed).select_related(
                "case_audit", "recorded_by"
            )
        ),
    )
    yield (
        "Answers given in conversations",
        subject_access.records(
            ConversationAnswer.objects.filter(conversation__case_audit__in=revealed).select_related(
                "conversation", "question"
            )
        ),
    )
    yield (
        "Safeguarding concerns from audits",
        subject_access.records(
            SafeguardingConcern.objects.filter(case_audit__in=audits).select_related(
                "case_audit", "raised_by"
            )
        ),
    )
