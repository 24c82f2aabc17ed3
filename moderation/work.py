"""The loop's part of "My work": audits to moderate, learning notes to read, actions and feedback
to give, actions owned, feedback to read, follow-up reviews and escalations.

Everything here comes from one query, read the way every part of My work reads (``qaf.work``):
one small read per kind of item, each already limited to the person asking.
"""

from collections.abc import Iterator

from django.db.models import (
    Case,
    CharField,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from audits.models import CaseAudit, Grade, Grading
from qaf.roles import Role
from qaf.work import Row, WorkItem, WorkSection, read, rows_by_kind

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

GRADES = dict(Grade.choices)
ESCALATION_KINDS = dict(Escalation.Kind.choices)


def _rows(user, roles: frozenset[str]) -> dict[str, list[Row]]:
    reads = []
    if Role.TEAM_MANAGER.value in roles or Role.PEER_AUDITOR.value in roles:
        reads.append(
            read(
                LearningNote.objects.filter(recipient=user, acknowledged_at__isnull=True),
                "note",
                case="moderation__case_audit__child__child_id",
                flag=F("role"),
            )
        )
    if Role.TEAM_MANAGER.value in roles:
        reads.append(
            read(
                FinalGrade.objects.filter(
                    case_audit__team_manager=user,
                    case_audit__status__in=(CaseAudit.Status.AGREED, CaseAudit.Status.MODERATED),
                ),
                "to_give",
                case="case_audit__child__child_id",
                due="feedback_due",
                text="overall_grade",
                flag=Cast("case_audit_id", CharField()),
            )
        )
    if Role.TEAM_MANAGER.value in roles or Role.PRACTITIONER.value in roles:
        reads.append(
            read(
                Action.objects.filter(owner=user, status=Action.Status.OPEN),
                "action",
                case="case_audit__child__child_id",
                due="due_date",
                text="description",
            )
        )
    if Role.PRACTITIONER.value in roles:
        reads.append(
            read(
                PractitionerFeedback.objects.filter(
                    social_worker=user, status=PractitionerFeedback.Status.SENT
                ),
                "feedback",
                case="case_audit__child__child_id",
            )
        )
    if Role.SENIOR_MANAGER.value in roles:
        areas = selectors.areas_led_by(user).values("pk")
        reads += [
            read(
                Moderation.objects.filter(moderator=user, status=Moderation.Status.TO_MODERATE),
                "moderate",
                case="case_audit__child__child_id",
                due="due_date",
            ),
            read(
                FollowUpReview.objects.filter(status=FollowUpReview.Status.DUE).filter(
                    Q(reviewer=user) | Q(case_audit__team__service_area__in=areas)
                ),
                "review",
                case="case_audit__child__child_id",
                due="complete_by",
                flag=Case(
                    When(reviewer=user, then=Value("mine")),
                    default=Value(""),
                    output_field=CharField(),
                ),
            ),
            read(
                Escalation.objects.filter(escalated_to=user, status=Escalation.Status.OPEN),
                "escalation",
                case="case_audit__child__child_id",
                text="kind",
            ),
        ]
    if Role.QA_OFFICER.value in roles:
        reads.append(
            read(
                Moderation.objects.filter(status=Moderation.Status.WAITING),
                "waiting",
                case="case_audit__child__child_id",
                due="due_date",
            )
        )
    return rows_by_kind(reads)


def loop_work(user) -> Iterator[WorkSection]:
    roles = user.role_names
    today = timezone.localdate()
    by_kind = _rows(user, roles)

    def overdue(row: Row) -> bool:
        return row.due is not None and row.due < today

    for role, grading_role in (
        (Role.TEAM_MANAGER, Grading.Role.TEAM_MANAGER),
        (Role.PEER_AUDITOR, Grading.Role.PEER_AUDITOR),
    ):
        notes = [row for row in by_kind["note"] if row.flag == grading_role]
        if role.value in roles and notes:
            yield WorkSection(
                role=role,
                title="Learning notes from moderation",
                items=[
                    WorkItem(
                        title=f"Learning note: Case {row.case_ref}",
                        url=reverse("moderation:note", args=[row.pk]),
                        status="To read",
                    )
                    for row in notes
                ],
                more_url=reverse("moderation:notes"),
            )
    if Role.TEAM_MANAGER.value in roles:
        yield WorkSection(
            role=Role.TEAM_MANAGER,
            title="Actions and feedback to give",
            items=[
                WorkItem(
                    title=f"Case {row.case_ref}: {GRADES.get(row.text, row.text)}",
                    url=reverse("moderation:case", args=[int(row.flag)]),
                    due=row.due,
                    status="To do",
                    overdue=overdue(row),
                )
                for row in by_kind["to_give"]
            ],
            empty_text="No audit is waiting for your actions and feedback.",
            more_url=reverse("moderation:to_give"),
        )
    if Role.PRACTITIONER.value in roles or Role.TEAM_MANAGER.value in roles:
        yield WorkSection(
            role=Role.PRACTITIONER if Role.PRACTITIONER.value in roles else Role.TEAM_MANAGER,
            title="Actions you own",
            items=[
                WorkItem(
                    title=f"Case {row.case_ref}: {_short(row.text)}",
                    url=reverse("moderation:action", args=[row.pk]),
                    due=row.due,
                    status="Open",
                    overdue=overdue(row),
                )
                for row in by_kind["action"]
            ],
            empty_text="You own no open actions from audits.",
            more_url=reverse("moderation:actions") + "?mine=1",
        )
    if Role.PRACTITIONER.value in roles:
        yield WorkSection(
            role=Role.PRACTITIONER,
            title="Feedback from audits of your cases",
            items=[
                WorkItem(
                    title=f"Feedback from the audit of case {row.case_ref}",
                    url=reverse("moderation:feedback", args=[row.pk]),
                    status="To read",
                )
                for row in by_kind["feedback"]
            ],
            empty_text="You have no new feedback to read.",
            more_url=reverse("moderation:feedback_list"),
        )
    if Role.SENIOR_MANAGER.value in roles:
        yield WorkSection(
            role=Role.SENIOR_MANAGER,
            title="Audits to moderate",
            items=[
                WorkItem(
                    title=f"Case {row.case_ref}",
                    url=reverse("moderation:detail", args=[row.pk]),
                    due=row.due,
                    status="To moderate",
                    overdue=overdue(row),
                )
                for row in by_kind["moderate"]
            ],
            empty_text="You have no audits to moderate.",
            more_url=reverse("moderation:list"),
        )
        yield WorkSection(
            role=Role.SENIOR_MANAGER,
            title="Follow-up reviews",
            items=[
                WorkItem(
                    title=f"Case {row.case_ref}",
                    url=reverse("moderation:follow_up", args=[row.pk]),
                    due=row.due,
                    status="To do" if row.flag == "mine" else "Due",
                    overdue=overdue(row),
                )
                for row in by_kind["review"]
            ],
            empty_text="No follow-up review is due.",
            more_url=reverse("moderation:follow_ups"),
        )
        if by_kind["escalation"]:
            yield WorkSection(
                role=Role.SENIOR_MANAGER,
                title="Escalated to you",
                items=[
                    WorkItem(
                        title=f"Case {row.case_ref}: "
                        f"{ESCALATION_KINDS.get(row.text, row.text).lower()}",
                        url=reverse("moderation:escalation", args=[row.pk]),
                        status="To respond",
                    )
                    for row in by_kind["escalation"]
                ],
                more_url=reverse("moderation:escalations"),
            )
    if Role.QA_OFFICER.value in roles:
        # The summary comes first, so that it stays when My work shortens a long section.
        items = [WorkItem(title="The monthly learning summary", url=reverse("moderation:learning"))]
        items += [
            WorkItem(
                title=f"Case {row.case_ref} needs a moderator",
                url=reverse("moderation:assign", args=[row.pk]),
                due=row.due,
                status="To do",
                overdue=overdue(row),
            )
            for row in by_kind["waiting"]
        ]
        yield WorkSection(
            role=Role.QA_OFFICER,
            title="Moderation and learning",
            items=items,
            more_url=reverse("moderation:list"),
        )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
