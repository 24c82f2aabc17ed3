"""The audits' part of "My work": cases to grade, with their deadlines, and for QA officers the
cases of this month's round that need an auditor. One query, whatever the roles held."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from .models import CaseAudit, Grading


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
