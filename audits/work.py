"""The audits' part of "My work": cases to grade, with their deadlines, and for QA officers the
cases of this month's round that need an auditor. One query, whatever the roles held."""

from collections.abc import Iterator

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework.selectors import areas_led_by, teams_managed_by
from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from .models import CaseAudit, Grading, SafeguardingConcern


def audit_work(user) -> Iterator[WorkSection]:
    grades = user.has_role(Role.TEAM_MANAGER) or user.has_role(Role.PEER_AUDITOR)
    runs_rounds = user.has_role(Role.QA_OFFICER)
    if not (grades or runs_rounds):
        return
    today = timezone.localdate()
    this_month = today.replace(day=1)
    mine = Grading.objects.filter(case_audit=OuterRef("pk"), auditor=user)
    condition = (
        (Q(team_manager=user) | Q(peer_auditor=user))
        & Q(status__in=CaseAudit.GRADING_STATES)
        & ~Q(Exists(mine.filter(submitted_at__isnull=False)))
    )
    if runs_rounds:
        condition |= Q(round__period=this_month) & (
            Q(team_manager__isnull=True) | Q(peer_auditor__isnull=True)
        )
    audits = list(
        CaseAudit.objects.filter(condition)
        .annotate(draft_started=Exists(mine))
        .select_related("child", "round")
        .order_by("due_date", "child__child_id")
    )

    def item(audit: CaseAudit) -> WorkItem:
        return WorkItem(
            title=f"Case {audit.child.child_id} ({audit.get_case_kind_display().lower()})",
            url=reverse("audits:detail", args=[audit.pk]),
            due=audit.due_date,
            status="Draft saved" if audit.draft_started else "Not started",
            overdue=audit.due_date < today,
        )

    def waiting(audit: CaseAudit) -> bool:
        return audit.status in CaseAudit.GRADING_STATES

    list_url = reverse("audits:list")
    yield WorkSection(
        role=Role.TEAM_MANAGER,
        title="Cases to grade",
        items=[item(a) for a in audits if a.team_manager_id == user.pk and waiting(a)],
        empty_text="You have no cases to grade.",
        more_url=list_url,
    )
    yield WorkSection(
        role=Role.PEER_AUDITOR,
        title="Cases to audit as a peer auditor",
        items=[item(a) for a in audits if a.peer_auditor_id == user.pk and waiting(a)],
        empty_text="You have no cases to audit.",
        more_url=list_url,
    )
    if runs_rounds:
        unassigned = [
            a
            for a in audits
            if a.round.period == this_month and not (a.team_manager_id and a.peer_auditor_id)
        ]
        items = []
        if unassigned:
            count = len(unassigned)
            items.append(
                WorkItem(
                    title=f"{count} case{'s need' if count != 1 else ' needs'} an auditor",
                    url=reverse("audits:round", args=[unassigned[0].round_id]),
                    due=unassigned[0].due_date,
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
