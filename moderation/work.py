"""The loop's part of "My work": moderations, learning notes, actions and feedback to give,
actions owned, feedback to read, follow-up reviews and escalations. A few queries per person,
whatever the number of items."""

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit, Grading
from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from . import selectors
from .models import (
    Action,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningNote,
    Moderation,
    PractitionerFeedback,
)


def _case(audit: CaseAudit) -> str:
    return f"Case {audit.child.child_id}"


def loop_work(user) -> Iterator[WorkSection]:
    today = timezone.localdate()
    roles = user.role_names
    yield from _auditor_work(user, roles, today)
    if Role.PRACTITIONER.value in roles or Role.TEAM_MANAGER.value in roles:
        yield from _owner_work(user, roles, today)
    if Role.SENIOR_MANAGER.value in roles:
        yield from _senior_work(user, today)
    if Role.QA_OFFICER.value in roles:
        yield from _qa_work(today)


def _auditor_work(user, roles, today) -> Iterator[WorkSection]:
    is_manager = Role.TEAM_MANAGER.value in roles
    is_peer = Role.PEER_AUDITOR.value in roles
    if not (is_manager or is_peer):
        return
    notes = list(
        selectors.learning_notes_of(user)
        .filter(acknowledged_at__isnull=True)
        .order_by("created_at", "pk")
    )

    def note_item(note: LearningNote) -> WorkItem:
        return WorkItem(
            title=f"Learning note: {_case(note.moderation.case_audit)}",
            url=reverse("moderation:note", args=[note.pk]),
            status="To read",
        )

    for role, grading_role, wanted in (
        (Role.TEAM_MANAGER, Grading.Role.TEAM_MANAGER, is_manager),
        (Role.PEER_AUDITOR, Grading.Role.PEER_AUDITOR, is_peer),
    ):
        mine = [note_item(n) for n in notes if n.role == grading_role]
        if wanted and mine:
            yield WorkSection(role=role, title="Learning notes from moderation", items=mine)
    if not is_manager:
        return
    finals = list(
        FinalGrade.objects.filter(
            case_audit__team_manager=user,
            case_audit__status__in=(CaseAudit.Status.AGREED, CaseAudit.Status.MODERATED),
        )
        .select_related("case_audit__child")
        .order_by("feedback_due", "pk")
    )
    yield WorkSection(
        role=Role.TEAM_MANAGER,
        title="Actions and feedback to give",
        items=[
            WorkItem(
                title=f"{_case(final.case_audit)}: {final.get_overall_grade_display()}",
                url=reverse("moderation:case", args=[final.case_audit_id]),
                due=final.feedback_due,
                status="To do",
                overdue=final.feedback_due < today,
            )
            for final in finals
        ],
        empty_text="No audit is waiting for your actions and feedback.",
    )


def _owner_work(user, roles, today) -> Iterator[WorkSection]:
    actions = list(
        Action.objects.filter(owner=user, status=Action.Status.OPEN)
        .select_related("case_audit__child")
        .order_by("due_date", "pk")
    )
    items = [
        WorkItem(
            title=f"{_case(action.case_audit)}: {action.description[:70]}",
            url=reverse("moderation:action", args=[action.pk]),
            due=action.due_date,
            status="Open",
            overdue=action.due_date < today,
        )
        for action in actions
    ]
    role = Role.PRACTITIONER if Role.PRACTITIONER.value in roles else Role.TEAM_MANAGER
    yield WorkSection(
        role=role,
        title="Actions you own",
        items=items,
        empty_text="You own no open actions from audits.",
        more_url=reverse("moderation:actions") + "?mine=1",
    )
    if Role.PRACTITIONER.value in roles:
        feedback = list(
            PractitionerFeedback.objects.filter(
                social_worker=user, status=PractitionerFeedback.Status.SENT
            )
            .select_related("case_audit__child")
            .order_by("sent_at", "pk")
        )
        yield WorkSection(
            role=Role.PRACTITIONER,
            title="Feedback from audits of your cases",
            items=[
                WorkItem(
                    title=f"Feedback from the audit of {_case(item.case_audit).lower()}",
                    url=reverse("moderation:feedback", args=[item.pk]),
                    status="To read",
                )
                for item in feedback
            ],
            empty_text="You have no new feedback to read.",
            more_url=reverse("moderation:feedback_list"),
        )


def _senior_work(user, today) -> Iterator[WorkSection]:
    moderations = list(
        Moderation.objects.filter(moderator=user, status=Moderation.Status.TO_MODERATE)
        .select_related("case_audit__child")
        .order_by("due_date", "pk")
    )
    yield WorkSection(
        role=Role.SENIOR_MANAGER,
        title="Audits to moderate",
        items=[
            WorkItem(
                title=_case(m.case_audit),
                url=reverse("moderation:detail", args=[m.pk]),
                due=m.due_date,
                status="To moderate",
                overdue=m.due_date < today,
            )
            for m in moderations
        ],
        empty_text="You have no audits to moderate.",
        more_url=reverse("moderation:list"),
    )
    areas = selectors.areas_led_by(user).values("pk")
    reviews = list(
        FollowUpReview.objects.filter(status=FollowUpReview.Status.DUE)
        .filter(Q(reviewer=user) | Q(case_audit__team__service_area__in=areas))
        .select_related("case_audit__child")
        .order_by("complete_by", "pk")
    )
    yield WorkSection(
        role=Role.SENIOR_MANAGER,
        title="Follow-up reviews",
        items=[
            WorkItem(
                title=_case(r.case_audit),
                url=reverse("moderation:follow_up", args=[r.pk]),
                due=r.complete_by,
                status="To do" if r.reviewer_id == user.pk else "Due",
                overdue=r.complete_by < today,
            )
            for r in reviews
        ],
        empty_text="No follow-up review is due.",
        more_url=reverse("moderation:follow_ups"),
    )
    escalations = list(
        Escalation.objects.filter(escalated_to=user, status=Escalation.Status.OPEN)
        .select_related("case_audit__child")
        .order_by("raised_at", "pk")
    )
    if escalations or selectors.areas_led_by(user).filter(head_of_service=user).exists():
        yield WorkSection(
            role=Role.SENIOR_MANAGER,
            title="Escalated to you",
            items=[
                WorkItem(
                    title=f"{_case(e.case_audit)}: {e.get_kind_display().lower()}",
                    url=reverse("moderation:escalation", args=[e.pk]),
                    status="To respond",
                )
                for e in escalations
            ],
            empty_text="Nothing has been escalated to you.",
            more_url=reverse("moderation:escalations"),
        )


def _qa_work(today) -> Iterator[WorkSection]:
    waiting = list(
        Moderation.objects.filter(status=Moderation.Status.WAITING)
        .select_related("case_audit__child")
        .order_by("routed_on", "pk")
    )
    items = [
        WorkItem(
            title=f"{_case(m.case_audit)} needs a moderator",
            url=reverse("moderation:assign", args=[m.pk]),
            due=m.due_date,
            status="To do",
            overdue=m.due_date < today,
        )
        for m in waiting
    ]
    items.append(WorkItem(title="Learning themes this month", url=reverse("moderation:learning")))
    yield WorkSection(
        role=Role.QA_OFFICER,
        title="Moderation and learning",
        items=items,
        more_url=reverse("moderation:list"),
    )
