"""The partnership's part of "My work": sections to answer, panels, actions and follow-ups."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from .models import AgencySection, MultiAgencyAudit, PartnershipAction, PartnershipFollowUp

LIMIT = 50


def partnership_work(user):
    today = timezone.localdate()
    if user.has_role(Role.PARTNER_AUDITOR):
        yield _partner_section(user, today)
    if user.has_role(Role.BUSINESS_MANAGER):
        yield _business_manager_section(user, today)


def _partner_section(user, today) -> WorkSection:
    items = []
    sections = AgencySection.objects.filter(
        auditor=user,
        status=AgencySection.Status.DRAFT,
        audit__status=MultiAgencyAudit.Status.ANSWERING,
    ).select_related("audit", "agency")
    for section in sections.order_by("due_date", "pk")[:LIMIT]:
        items.append(
            WorkItem(
                title=f"Answer {section.agency}'s section: {section.audit.title}",
                url=reverse("partnership:section", args=[section.pk]),
                due=section.due_date,
                status="Being written",
                overdue=section.due_date < today,
            )
        )
    panels = MultiAgencyAudit.objects.filter(
        status=MultiAgencyAudit.Status.PANEL,
        sections__auditor=user,
        sections__status=AgencySection.Status.SUBMITTED,
    ).distinct()
    for audit in panels.order_by("panel_date", "pk")[:LIMIT]:
        items.append(
            WorkItem(
                title=f"Panel: {audit.title}",
                url=reverse("partnership:audit", args=[audit.pk]),
                due=audit.panel_date,
                status="Every section is in",
            )
        )
    items.extend(_actions(user, today))
    return WorkSection(
        role=Role.PARTNER_AUDITOR,
        title="Multi-agency audits",
        items=sorted(items, key=lambda item: (item.due is None, item.due or today)),
        empty_text="No multi-agency audit is waiting for you.",
    )


def _actions(user, today) -> list[WorkItem]:
    actions = PartnershipAction.objects.filter(
        owner=user, status=PartnershipAction.Status.OPEN
    ).select_related("agency", "audit")
    return [
        WorkItem(
            title=f"Action for {action.agency}: {action.description[:70]}",
            url=reverse("partnership:audit", args=[action.audit_id]),
            due=action.due_date,
            status="Open",
            overdue=action.due_date < today,
        )
        for action in actions.order_by("due_date", "pk")[:LIMIT]
    ]


def _business_manager_section(user, today) -> WorkSection:
    items = []
    audits = MultiAgencyAudit.objects.filter(
        status__in=(MultiAgencyAudit.Status.SETTING_UP, MultiAgencyAudit.Status.PANEL)
    )
    for audit in audits.order_by("sections_due", "pk")[:LIMIT]:
        setting_up = audit.status == MultiAgencyAudit.Status.SETTING_UP
        items.append(
            WorkItem(
                title=f"{'Finish setting up' if setting_up else 'Panel'}: {audit.title}",
                url=reverse("partnership:audit", args=[audit.pk]),
                due=audit.sections_due if setting_up else audit.panel_date,
                status=audit.get_status_display(),
            )
        )
    late = AgencySection.objects.filter(
        status=AgencySection.Status.DRAFT,
        audit__status=MultiAgencyAudit.Status.ANSWERING,
        due_date__lt=today,
    ).select_related("audit", "agency")
    for section in late.order_by("due_date", "pk")[:LIMIT]:
        items.append(
            WorkItem(
                title=f"Late section from {section.agency}: {section.audit.title}",
                url=reverse("partnership:audit", args=[section.audit_id]),
                due=section.due_date,
                status="Late",
                overdue=True,
            )
        )
    follow_ups = PartnershipFollowUp.objects.filter(
        Q(status=PartnershipFollowUp.Status.DUE)
        | Q(status=PartnershipFollowUp.Status.ESCALATED, escalated_to=user)
    ).select_related("action__agency")
    for follow_up in follow_ups.order_by("due_date", "pk")[:LIMIT]:
        items.append(
            WorkItem(
                title=f"Follow-up of an action for {follow_up.action.agency}",
                url=reverse("partnership:follow_up", args=[follow_up.pk]),
                due=follow_up.due_date,
                status=follow_up.get_status_display(),
                overdue=follow_up.due_date < today,
            )
        )
    return WorkSection(
        role=Role.BUSINESS_MANAGER,
        title="Multi-agency audits",
        items=sorted(items, key=lambda item: (item.due is None, item.due or today)),
        empty_text="No multi-agency audit is waiting for you.",
    )
