"""How long the audits' own words are kept: after the period, an audit keeps its grades (for the
figures) but loses the narrative, the evidence, the conversations and the concerns' wording."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from qaf import retention

from .models import (
    CaseAudit,
    Conversation,
    ConversationAnswer,
    DomainGrade,
    Grading,
    SafeguardingConcern,
)

REMOVED = "Removed at the end of the retention period."


def _expired(cutoff) -> QuerySet[CaseAudit]:
    wording_left = (
        Exists(
            Grading.objects.filter(case_audit=OuterRef("pk")).filter(
                ~Q(strengths="") | ~Q(areas_for_development="")
            )
        )
        | Exists(
            DomainGrade.objects.filter(grading__case_audit=OuterRef("pk")).exclude(evidence="")
        )
        | Exists(Conversation.objects.filter(case_audit=OuterRef("pk")))
        | Exists(
            SafeguardingConcern.objects.filter(case_audit=OuterRef("pk")).exclude(concern=REMOVED)
        )
    )
    return CaseAudit.objects.filter(round__period__lt=cutoff.date()).filter(wording_left)


def _anonymise(audits: QuerySet[CaseAudit]) -> int:
    audit_ids = list(audits.values_list("pk", flat=True))
    gradings = Grading.objects.filter(case_audit_id__in=audit_ids)
    domain_grades = DomainGrade.objects.filter(grading__in=gradings)
    conversations = Conversation.objects.filter(case_audit_id__in=audit_ids)
    # The history rows hold the same words: they go too.
    Grading.history.filter(case_audit_id__in=audit_ids).update(
        strengths="", areas_for_development=""
    )
    DomainGrade.history.filter(grading_id__in=gradings.values("pk")).update(evidence="")
    Conversation.history.filter(case_audit_id__in=audit_ids).delete()
    SafeguardingConcern.history.filter(case_audit_id__in=audit_ids).update(
        concern=REMOVED, action_taken=""
    )
    gradings.update(strengths="", areas_for_development="")
    domain_grades.update(evidence="")
    conversation_ids = list(conversations.values_list("pk", flat=True))
    conversations.delete()
    # Their answers go with them (and the history rows the deletion itself just wrote).
    ConversationAnswer.history.filter(conversation_id__in=conversation_ids).delete()
    SafeguardingConcern.objects.filter(case_audit_id__in=audit_ids).update(
        concern=REMOVED, action_taken=""
    )
    return len(audit_ids)


def register() -> None:
    retention.register(
        retention.RecordType(
            key="audits",
            label="Case audits: narrative, evidence and conversations",
            default_years=6,
            expired=_expired,
            kept_from="the audit's month",
            action=retention.ANONYMISE,
            apply=_anonymise,
        )
    )
