"""Re-audit: an inadequate case put forward at its follow-up joins the next round.

Sampling leaves out cases audited in the last twelve months, so a case put forward is added to the
next round by hand here, with its team manager and the least-loaded independent peer auditor, as
soon as that round has been sampled. Run daily; a case is added once.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse

from audits.models import AuditRound, CaseAudit, Grading
from audits.selectors import assignment_candidates
from audits.services import case_audit_assign
from audits.services.history import history_stamp
from casework.selectors import current_allocation, open_case_episodes, team_managers
from qaf.notifications import notification_send

from ..models import FollowUpReview


def re_audits_schedule(*, today: date) -> list[CaseAudit]:
    """Add every case put forward for re-audit to its round, once that round exists."""
    added = []
    waiting = FollowUpReview.objects.filter(
        re_audit=True, re_audit_case_audit__isnull=True
    ).select_related("case_audit__child")
    for review in waiting:
        audit_round = (
            AuditRound.objects.filter(period__gte=review.re_audit_period).order_by("period").first()
        )
        if audit_round is None:
            continue
        case_audit = _add(review, audit_round)
        if case_audit is not None:
            added.append(case_audit)
    return added


@transaction.atomic
def _add(review: FollowUpReview, audit_round: AuditRound) -> CaseAudit | None:
    review = FollowUpReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    if review.re_audit_case_audit_id is not None:
        return None
    child = review.case_audit.child
    case_audit = CaseAudit.objects.filter(round=audit_round, child=child).first()
    if case_audit is None:
        episode = (
            open_case_episodes()
            .filter(child=child, team__isnull=False)
            .order_by("-start_date", "-pk")
            .first()
        )
        if episode is None:
            return None  # the case has closed: there is nothing to re-audit
        allocation = current_allocation(child)
        worker_id = allocation.worker_id if allocation else None
        manager = next((m for m in team_managers(episode.team) if m.pk != worker_id), None)
        case_audit = CaseAudit(
            round=audit_round,
            child=child,
            episode=episode,
            case_kind=episode.kind,
            team=episode.team,
            social_worker_id=worker_id,
            team_manager=manager,
            due_date=audit_round.due_date,
            assignment_note="" if manager else f"{episode.team} has no team manager to grade it.",
        )
        history_stamp(case_audit, reason="Put forward for re-audit at its follow-up review")
        case_audit.save()
        peers = [
            c
            for c in assignment_candidates(case_audit, role=Grading.Role.PEER_AUDITOR)
            if not c.full
        ]
        if peers:
            case_audit_assign(
                case_audit=case_audit,
                role=Grading.Role.PEER_AUDITOR,
                auditor=peers[0].user,
                by=None,
            )
        if manager is not None:
            notification_send(
                recipients=[manager],
                subject=f"Case {child.child_id} is to be audited again in {audit_round}",
                body="Its follow-up review put it forward for re-audit. Grade it as usual.",
                url=reverse("audits:detail", args=[case_audit.pk]),
                dedupe_key=f"moderation:re-audit:{case_audit.pk}",
            )
    review.re_audit_case_audit = case_audit
    history_stamp(review, reason=f"Added to the {audit_round} round for re-audit")
    review.save(update_fields=["re_audit_case_audit", "updated_at"])
    return case_audit
