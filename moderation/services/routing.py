"""Once both gradings are in: agreed, or routed to a senior manager for moderation.

Same overall grade and no domain two or more steps apart (both thresholds are settings) makes the
audit agreed, and the shared grade is its final grade. Anything else goes to the least-loaded
senior manager of the case's service area who is neither auditor; if there is none, the QA
officers are told why and assign someone by hand.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit
from audits.selectors import grading_comparison
from audits.services.history import history_stamp
from qaf import workflow
from qaf.notifications import notification_send

from .. import selectors, timescales
from ..errors import ModerationError
from ..models import FinalGrade, Moderation

Status = CaseAudit.Status


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def final_grade_record(
    *, case_audit: CaseAudit, overall_grade: str, route: str, decided_on: date, by=None
) -> FinalGrade:
    """Write the audit's final grade once, and tell the team manager what comes next."""
    final = FinalGrade(
        case_audit=case_audit,
        overall_grade=overall_grade,
        route=route,
        decided_on=decided_on,
        follow_up_due=timescales.follow_up_due(decided_on),
        feedback_due=timescales.feedback_due(decided_on),
    )
    history_stamp(final, by=by, reason=FinalGrade.Route(route).label)
    final.save()
    notification_send(
        recipients=[case_audit.team_manager],
        subject=f"Set actions and give feedback for case {case_audit.child.child_id}",
        body=(
            f"The final grade is {final.get_overall_grade_display()}. Agree the actions with "
            f"owners and dates, and give the social worker personal feedback, by "
            f"{_long(final.feedback_due)}."
        ),
        url=reverse("moderation:case", args=[case_audit.pk]),
        dedupe_key=f"moderation:final-grade:{case_audit.pk}",
    )
    return final


@transaction.atomic
def case_audit_route(*, case_audit_id: int, today: date | None = None):
    """Route an audit whose two gradings are in. Safe to call again: an audit already routed is
    left as it is, and the moderation or final grade it has is returned."""
    today = today or timezone.localdate()
    audit = (
        CaseAudit.objects.select_for_update(of=("self",))
        .select_related("child", "team__service_area", "team_manager", "peer_auditor")
        .get(pk=case_audit_id)
    )
    existing = Moderation.objects.filter(case_audit=audit).first()
    if existing is not None:
        return existing
    final = FinalGrade.objects.filter(case_audit=audit).first()
    if final is not None:
        return final
    if audit.status == Status.AGREED:
        # Agreed before this app could route it (e.g. by hand): it still needs its final grade.
        comparison = grading_comparison(case_audit=audit)
        return final_grade_record(
            case_audit=audit,
            overall_grade=comparison.overall.manager_grade,
            route=FinalGrade.Route.AGREED,
            decided_on=today,
        )
    if audit.status != Status.BOTH_GRADED:
        return None

    comparison = grading_comparison(case_audit=audit)
    reasons = comparison.reasons(
        overall_routes=settings.QAF_MODERATION_OVERALL_DIFFERENCE_ROUTES,
        step_threshold=settings.QAF_MODERATION_DOMAIN_STEP_THRESHOLD,
    )
    if not reasons:
        workflow.perform(audit, "agree", reason="The two gradings agree")
        return final_grade_record(
            case_audit=audit,
            overall_grade=comparison.overall.manager_grade,
            route=FinalGrade.Route.AGREED,
            decided_on=today,
        )

    candidates = selectors.moderator_candidates(audit)
    moderator = candidates[0].user if candidates else None
    moderation = Moderation(
        case_audit=audit,
        moderator=moderator,
        status=Moderation.Status.TO_MODERATE if moderator else Moderation.Status.WAITING,
        reasons="\n".join(reasons),
        routing_note=""
        if moderator
        else (
            f"No senior manager of {audit.team.service_area} can moderate it: each one either "
            "graded the case or cannot sign in as a senior manager."
        ),
        routed_on=today,
        due_date=timescales.moderation_due(today),
    )
    history_stamp(
        moderation,
        reason=f"Sent to {moderator.display_name}" if moderator else "Waiting for a moderator",
    )
    moderation.save()
    workflow.perform(audit, "send_to_moderation", reason="The two gradings differ")
    if moderator is not None:
        _tell_moderator(moderation)
    else:
        notification_send(
            recipients=selectors.qa_officers(),
            subject=f"The audit of case {audit.child.child_id} needs a moderator",
            body=moderation.routing_note + " Choose a senior manager to moderate it.",
            url=reverse("moderation:assign", args=[moderation.pk]),
            dedupe_key=f"moderation:needs-moderator:{moderation.pk}",
        )
    return moderation


def _tell_moderator(moderation: Moderation) -> None:
    audit = moderation.case_audit
    notification_send(
        recipients=[moderation.moderator],
        subject=(
            f"Moderate the audit of case {audit.child.child_id} by {_long(moderation.due_date)}"
        ),
        body=(
            "The team manager and the peer auditor graded this case differently. Meet them both, "
            "agree the grades, and write a learning note to each."
        ),
        url=reverse("moderation:detail", args=[moderation.pk]),
        dedupe_key=f"moderation:moderate:{moderation.pk}:{moderation.moderator_id}",
    )


@transaction.atomic
def moderation_assign(*, moderation: Moderation, moderator, by) -> Moderation:
    """A QA officer gives the moderation to a senior manager (of any area) who did not grade it."""
    moderation = (
        Moderation.objects.select_for_update(of=("self",))
        .select_related("case_audit__child", "case_audit__team__service_area")
        .get(pk=moderation.pk)
    )
    if workflow.is_finished(moderation):
        raise ModerationError("This audit has been moderated already.")
    problem = selectors.moderation_problem(moderation.case_audit, moderator)
    if problem:
        raise ModerationError(problem)
    if moderation.moderator_id == moderator.pk:
        return moderation
    if workflow.allows(moderation, "assign"):
        moderation = workflow.perform(
            moderation,
            "assign",
            by=by,
            reason=f"Given to {moderator.display_name}",
            fields={
                "moderator": moderator,
                "routing_note": "",
                # The timescale starts when someone has it to do.
                "due_date": timescales.moderation_due(timezone.localdate()),
            },
        )
    else:
        moderation.moderator = moderator
        history_stamp(moderation, by=by, reason=f"Given to {moderator.display_name}")
        moderation.save(update_fields=["moderator", "updated_at"])
    _tell_moderator(moderation)
    return moderation
