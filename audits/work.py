"""The audits' part of "My work": cases to grade, with their deadlines, and for QA officers the
cases of this month's round that need an auditor. One query, whatever the roles held, read the
way every part of My work reads (``qaf.work``)."""

from collections.abc import Iterator

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from casework.selectors import areas_led_by, teams_managed_by
from qaf.roles import Role
from qaf.work import Row, WorkItem, WorkSection, read, rows_by_kind

from .models import CaseAudit, Grading, SafeguardingConcern

CASE_KINDS = dict(CaseAudit._meta.get_field("case_kind").choices)


def audit_work(user) -> Iterator[WorkSection]:
    grades = user.has_role(Role.TEAM_MANAGER) or user.has_role(Role.PEER_AUDITOR)
    runs_rounds = user.has_role(Role.QA_OFFICER)
    if not (grades or runs_rounds):
        return
    today = timezone.localdate()
    this_month = today.replace(day=1)
    mine = Grading.objects.filter(case_audit=OuterRef("pk"), auditor=user)
    to_grade = CaseAudit.objects.filter(status__in=CaseAudit.GRADING_STATES).exclude(
        Exists(mine.filter(submitted_at__isnull=False))
    )
    draft = Case(
        When(Exists(mine), then=Value("draft")), default=Value(""), output_field=CharField()
    )
    reads = [
        read(
            to_grade.filter(team_manager=user),
            "grade_as_manager",
            case="child__child_id",
            due="due_date",
            text="case_kind",
            flag=draft,
        ),
        read(
            to_grade.filter(peer_auditor=user),
            "grade_as_peer",
            case="child__child_id",
            due="due_date",
            text="case_kind",
            flag=draft,
        ),
    ]
    if runs_rounds:
        reads.append(
            read(
                CaseAudit.objects.filter(round__period=this_month).filter(
                    Q(team_manager__isnull=True) | Q(peer_auditor__isnull=True)
                ),
                "unassigned",
                case="child__child_id",
                due="due_date",
                flag=Cast("round_id", CharField()),
            )
        )
    rows = rows_by_kind(reads)

    def item(row: Row) -> WorkItem:
        return WorkItem(
            title=f"Case {row.case_ref} ({CASE_KINDS.get(row.text, row.text).lower()})",
            url=reverse("audits:detail", args=[row.pk]),
            due=row.due,
            status="Draft saved" if row.flag == "draft" else "Not started",
            overdue=row.due < today,
        )

    list_url = reverse("audits:list")
    yield WorkSection(
        role=Role.TEAM_MANAGER,
        title="Cases to grade",
        items=[item(row) for row in rows["grade_as_manager"]],
        empty_text="You have no cases to grade.",
        more_url=list_url,
    )
    yield WorkSection(
        role=Role.PEER_AUDITOR,
        title="Cases to audit as a peer auditor",
        items=[item(row) for row in rows["grade_as_peer"]],
        empty_text="You have no cases to audit.",
        more_url=list_url,
    )
    if runs_rounds:
        unassigned = rows["unassigned"]
        items = []
        if unassigned:
            count = len(unassigned)
            items.append(
                WorkItem(
                    title=f"{count} case{'s need' if count != 1 else ' needs'} an auditor",
                    url=reverse("audits:round", args=[int(unassigned[0].flag)]),
                    due=unassigned[0].due,
                    status="To do",
                )
            )
        items.append(
            WorkItem(
                title=f"Progress of the {this_month:%B %Y} round", url=reverse("audits:rounds")
            )
        )
        yield WorkSection(
            role=Role.QA_OFFICER,
            title="Audit rounds",
            items=items,
            more_url=reverse("audits:rounds"),
        )


CONCERNS_SHOWN = 10


def concern_work(user) -> Iterator[WorkSection]:
    """Safeguarding concerns from audits that are not yet acknowledged: to the case's team
    manager(s) and the area's senior managers, escalated ones first. One query."""
    manages = user.has_role(Role.TEAM_MANAGER)
    leads = user.has_role(Role.SENIOR_MANAGER)
    if not (manages or leads):
        return
    managed_teams = teams_managed_by(user).values("pk")
    led_areas = areas_led_by(user).values("pk")
    mine = Q(case_audit__team_manager=user) | Q(case_audit__team_id__in=managed_teams)
    in_area = Q(case_audit__team__service_area_id__in=led_areas)
    concerns = list(
        SafeguardingConcern.objects.filter(
            Q(status__in=(SafeguardingConcern.Status.OPEN, SafeguardingConcern.Status.ESCALATED))
            & ((mine if manages else Q(pk__in=[])) | (in_area if leads else Q(pk__in=[])))
        )
        .annotate(
            managed=ExpressionWrapper(mine, output_field=BooleanField()),
            led=ExpressionWrapper(in_area, output_field=BooleanField()),
            order_day=Coalesce("escalate_after", "raised_at"),
        )
        .select_related("case_audit__child")
        # "escalated" sorts before "open": escalated concerns first, then the oldest.
        .order_by("status", "order_day", "pk")[: CONCERNS_SHOWN * 2]
    )
    now = timezone.now()

    def item(concern: SafeguardingConcern) -> WorkItem:
        escalated = concern.status == SafeguardingConcern.Status.ESCALATED
        due = timezone.localtime(concern.escalate_after).date() if concern.escalate_after else None
        return WorkItem(
            title=f"Safeguarding concern: case {concern.case_audit.child.child_id}",
            url=reverse("audits:concern", args=[concern.case_audit_id, concern.pk]),
            due=due,
            status="Escalated" if escalated else "Acknowledge today",
            overdue=escalated
            or (concern.escalate_after is not None and concern.escalate_after <= now),
        )

    if manages:
        yield WorkSection(
            role=Role.TEAM_MANAGER,
            title="Safeguarding concerns to acknowledge",
            items=[item(c) for c in concerns if c.managed][:CONCERNS_SHOWN],
            empty_text="No safeguarding concern from an audit is waiting for you.",
        )
    if leads:
        yield WorkSection(
            role=Role.SENIOR_MANAGER,
            title="Safeguarding concerns from audits in your area",
            items=[item(c) for c in concerns if c.led][:CONCERNS_SHOWN],
            empty_text="No safeguarding concern from an audit is waiting in your area.",
        )
