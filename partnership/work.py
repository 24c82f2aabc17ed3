"""The partnership's part of "My work": sections to answer, panels, actions and follow-ups.

Everything here comes from one query, read the way every part of My work reads (``qaf.work``).
"""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role
from qaf.work import Row, WorkItem, WorkSection, read, rows_by_kind

from .models import AgencySection, MultiAgencyAudit, PartnershipAction, PartnershipFollowUp

Audit = MultiAgencyAudit.Status
FOLLOW_UP_STATES = dict(PartnershipFollowUp.Status.choices)


def _rows(user, roles: frozenset[str], today) -> dict[str, list[Row]]:
    reads = []
    if Role.PARTNER_AUDITOR.value in roles:
        reads += [
            read(
                AgencySection.objects.filter(
                    auditor=user,
                    status=AgencySection.Status.DRAFT,
                    audit__status=Audit.ANSWERING,
                ),
                "section",
                due="due_date",
                text="audit__title",
                flag=F("agency__name"),
            ),
            read(
                MultiAgencyAudit.objects.filter(
                    status=Audit.PANEL,
                    pk__in=AgencySection.objects.filter(
                        auditor=user, status=AgencySection.Status.SUBMITTED
                    ).values("audit"),
                ),
                "panel",
                due="panel_date",
                text="title",
            ),
            read(
                PartnershipAction.objects.filter(owner=user, status=PartnershipAction.Status.OPEN),
                "action",
                pk=F("audit_id"),
                due="due_date",
                text="description",
                flag=F("agency__name"),
            ),
        ]
    if Role.BUSINESS_MANAGER.value in roles:
        reads += [
            read(
                MultiAgencyAudit.objects.filter(status=Audit.SETTING_UP),
                "setting_up",
                due="sections_due",
                text="title",
            ),
            read(
                MultiAgencyAudit.objects.filter(status=Audit.PANEL),
                "chair_panel",
                due="panel_date",
                text="title",
            ),
            read(
                AgencySection.objects.filter(
                    status=AgencySection.Status.DRAFT,
                    audit__status=Audit.ANSWERING,
                    due_date__lt=today,
                ),
                "late",
                pk=F("audit_id"),
                due="due_date",
                text="audit__title",
                flag=F("agency__name"),
            ),
            read(
                PartnershipFollowUp.objects.filter(status=PartnershipFollowUp.Status.DUE)
                | PartnershipFollowUp.objects.filter(
                    status=PartnershipFollowUp.Status.ESCALATED, escalated_to=user
                ),
                "follow_up",
                case="status",
                due="due_date",
                text="action__description",
                flag=F("action__agency__name"),
            ),
        ]
    return rows_by_kind(reads)


def _audit_url(pk: int) -> str:
    return reverse("partnership:audit", args=[pk])


def partnership_work(user):
    roles = user.role_names
    today = timezone.localdate()
    if Role.PARTNER_AUDITOR.value not in roles and Role.BUSINESS_MANAGER.value not in roles:
        return
    by_kind = _rows(user, roles, today)

    def late(row: Row) -> bool:
        return row.due is not None and row.due < today

    if Role.PARTNER_AUDITOR.value in roles:
        items = [
            WorkItem(
                title=f"Answer {row.flag}'s section: {row.text}",
                url=reverse("partnership:section", args=[row.pk]),
                due=row.due,
                status="Being written",
                overdue=late(row),
            )
            for row in by_kind["section"]
        ]
        items += [
            WorkItem(
                title=f"Panel: {row.text}",
                url=_audit_url(row.pk),
                due=row.due,
                status="Every section is in",
            )
            for row in by_kind["panel"]
        ]
        items += [
            WorkItem(
                title=f"Action for {row.flag}: {row.text[:70]}",
                url=_audit_url(row.pk),
                due=row.due,
                status="Open",
                overdue=late(row),
            )
            for row in by_kind["action"]
        ]
        yield _section(Role.PARTNER_AUDITOR, items, today)
    if Role.BUSINESS_MANAGER.value in roles:
        items = [
            WorkItem(
                title=f"Finish setting up: {row.text}",
                url=_audit_url(row.pk),
                due=row.due,
                status="Being set up",
            )
            for row in by_kind["setting_up"]
        ]
        items += [
            WorkItem(
                title=f"Panel: {row.text}",
                url=_audit_url(row.pk),
                due=row.due,
                status="Every section is in",
            )
            for row in by_kind["chair_panel"]
        ]
        items += [
            WorkItem(
                title=f"Late section from {row.flag}: {row.text}",
                url=_audit_url(row.pk),
                due=row.due,
                status="Late",
                overdue=True,
            )
            for row in by_kind["late"]
        ]
        items += [
            WorkItem(
                title=f"Follow-up of an action for {row.flag}: {row.text[:60]}",
                url=reverse("partnership:follow_up", args=[row.pk]),
                due=row.due,
                status=FOLLOW_UP_STATES.get(row.case_ref, row.case_ref),
                overdue=late(row),
            )
            for row in by_kind["follow_up"]
        ]
        yield _section(Role.BUSINESS_MANAGER, items, today)


def _section(role: Role, items: list[WorkItem], today) -> WorkSection:
    return WorkSection(
        role=role,
        title="Multi-agency audits",
        items=sorted(items, key=lambda item: (item.due is None, item.due or today)),
        empty_text="No multi-agency audit is waiting for you.",
    )
