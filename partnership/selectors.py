"""Reads for multi-agency audits, scoped to the person: a partner auditor sees only the audits in
which their agency takes part (and only their own section until every section is in)."""

from dataclasses import dataclass
from datetime import date

import rules
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from casework.models import Episode
from qaf.roles import Role

from .models import (
    AgencySection,
    AuditCase,
    CaseAnswer,
    Finding,
    MultiAgencyAudit,
    MultiAgencyTemplate,
    PartnerAgency,
    PartnerAuditor,
    PartnershipAction,
    PartnershipFollowUp,
)

TAKING_PART = (AgencySection.Status.DRAFT, AgencySection.Status.SUBMITTED)
# Counts under this are not shown in anything marked public, nor the next-smallest beside them.
PUBLIC_MINIMUM = 10


def reads_all(user) -> bool:
    return rules.has_perm("partnership.read_all", user)


def manages(user) -> bool:
    return rules.has_perm("partnership.manage", user)


def audits_visible_to(user) -> QuerySet[MultiAgencyAudit]:
    """Every audit for the business manager, QA officers and directors; otherwise those the
    person chairs, or in which they answer for an agency still taking part."""
    audits = MultiAgencyAudit.objects.select_related("chair")
    if reads_all(user):
        return audits
    return audits.filter(
        Q(chair=user)
        | Q(
            pk__in=AgencySection.objects.filter(auditor=user, status__in=TAKING_PART).values(
                "audit"
            )
        )
    )


def audit_list_for(user) -> QuerySet[MultiAgencyAudit]:
    return audits_visible_to(user).annotate(
        case_count=Count("cases", distinct=True),
        agency_count=Count("sections", filter=Q(sections__status__in=TAKING_PART), distinct=True),
    )


def own_sections(user, audit: MultiAgencyAudit) -> list[AgencySection]:
    return [s for s in audit.sections.all() if s.auditor_id == user.pk and s.status in TAKING_PART]


def all_sections_in(audit: MultiAgencyAudit) -> bool:
    return audit.status in (MultiAgencyAudit.Status.PANEL, MultiAgencyAudit.Status.FINISHED)


def sees_every_section(user, audit: MultiAgencyAudit) -> bool:
    """Blindness between agencies: until every section is in, an agency's auditor sees only
    their own; the chair and the partnership's managers see every agency's."""
    return all_sections_in(audit) or reads_all(user) or audit.chair_id == user.pk


def sections_visible_to(user, audit: MultiAgencyAudit) -> QuerySet[AgencySection]:
    sections = audit.sections.select_related("agency", "auditor").prefetch_related(
        Prefetch("answers", queryset=CaseAnswer.objects.select_related("case__child"))
    )
    if sees_every_section(user, audit):
        return sections
    return sections.filter(auditor=user, status__in=TAKING_PART)


def audit_detail(audit_pk: int, user) -> MultiAgencyAudit:
    return audits_visible_to(user).select_related("template", "created_by").get(pk=audit_pk)


def audit_cases(audit: MultiAgencyAudit) -> QuerySet[AuditCase]:
    return audit.cases.select_related("child")


def case_episodes(case: AuditCase) -> QuerySet[Episode]:
    """The part of the record the audit shares: the child's involvements and their key dates."""
    return Episode.objects.filter(child=case.child).select_related("team").order_by("-start_date")


def template_current() -> MultiAgencyTemplate | None:
    return MultiAgencyTemplate.objects.prefetch_related("questions").first()


def findings_of(audit: MultiAgencyAudit) -> QuerySet[Finding]:
    return audit.findings.select_related("case__child", "agency", "recorded_by")


def actions_of(audit: MultiAgencyAudit) -> QuerySet[PartnershipAction]:
    return audit.actions.select_related("agency", "owner", "follow_up")


def panel_of(audit: MultiAgencyAudit) -> list:
    """The chair, then one auditor for each agency taking part."""
    members = [(audit.chair, "Chair")]
    for section in audit.sections.filter(status__in=TAKING_PART).select_related(
        "agency", "auditor"
    ):
        members.append((section.auditor, section.agency.name))
    return members


def on_panel(user, audit: MultiAgencyAudit) -> bool:
    return (
        manages(user)
        or audit.chair_id == user.pk
        or audit.sections.filter(auditor=user, status__in=TAKING_PART).exists()
    )


def agencies() -> QuerySet[PartnerAgency]:
    return PartnerAgency.objects.annotate(auditor_count=Count("auditors"))


def agency_auditors(agency: PartnerAgency) -> QuerySet[PartnerAuditor]:
    return agency.auditors.select_related("user")


def partner_auditors() -> QuerySet[PartnerAuditor]:
    return PartnerAuditor.objects.select_related("user", "agency").filter(user__is_active=True)


def action_owners(audit: MultiAgencyAudit) -> QuerySet:
    """Who may own an action: the partner auditors of the agencies taking part, the chair and the
    partnership's business managers."""
    User = get_user_model()
    agency_ids = audit.sections.filter(status__in=TAKING_PART).values("agency")
    return User.objects.filter(
        Q(partner_auditor__agency__in=agency_ids)
        | Q(pk=audit.chair_id)
        | Q(groups__name=Role.BUSINESS_MANAGER.value),
        is_active=True,
    ).distinct()


def follow_ups_visible_to(user) -> QuerySet[PartnershipFollowUp]:
    follow_ups = PartnershipFollowUp.objects.select_related(
        "action__agency", "action__audit", "action__owner", "escalated_to"
    )
    if reads_all(user):
        return follow_ups
    return follow_ups.filter(Q(action__audit__chair=user) | Q(action__owner=user))


def actions_visible_to(user) -> QuerySet[PartnershipAction]:
    actions = PartnershipAction.objects.select_related("agency", "audit", "owner")
    if reads_all(user):
        return actions
    return actions.filter(Q(audit__chair=user) | Q(owner=user))


# Reports -------------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def suppressed(sizes: dict, minimum: int = PUBLIC_MINIMUM) -> set:
    """The cells of one row or column that a public table must not show: those under
    ``minimum``, and then the next-smallest shown, so that none can be worked out by subtraction
    from the total."""
    hidden = {key for key, size in sizes.items() if 0 < size < minimum}
    shown = sorted((size, str(key), key) for key, size in sizes.items() if key not in hidden)
    if len(hidden) == 1 and shown:
        hidden.add(shown[0][2])
    return hidden


@dataclass
class ReportTable:
    """Counts by agency (rows) and theme (columns); ``hidden`` holds the suppressed cells."""

    caption: str
    agencies: list
    themes: list
    counts: dict
    hidden: set

    def cell(self, agency, theme):
        key = (agency, theme)
        return None if key in self.hidden else self.counts.get(key, 0)

    def rows(self):
        return [
            (agency, [self.cell(agency, theme) for theme, _label in self.themes])
            for agency in self.agencies
        ]


def _table(caption: str, pairs: list[tuple[str, str]], *, public: bool) -> ReportTable:
    counts: dict[tuple[str, str], int] = {}
    for agency, theme in pairs:
        counts[(agency, theme)] = counts.get((agency, theme), 0) + 1
    agency_names = sorted({agency for agency, _theme in counts})
    theme_values = {theme for _agency, theme in counts}
    themes = [
        (value, label) for value, label in MultiAgencyAudit.Theme.choices if value in theme_values
    ]
    hidden: set = set()
    if public:
        for agency in agency_names:
            row = {(agency, theme): counts.get((agency, theme), 0) for theme, _ in themes}
            hidden |= suppressed(row)
        for theme, _label in themes:
            column = {(agency, theme): counts.get((agency, theme), 0) for agency in agency_names}
            hidden |= suppressed(column)
    return ReportTable(caption, agency_names, themes, counts, hidden)


def report_for(audits: QuerySet[MultiAgencyAudit], *, public: bool = False) -> dict:
    """Findings and actions by agency and theme over ``audits``."""
    audit_ids = list(audits.values_list("pk", flat=True))
    findings = list(
        Finding.objects.filter(audit__in=audit_ids, agency__isnull=False).values_list(
            "agency__name", "audit__theme"
        )
    )
    actions = list(
        PartnershipAction.objects.filter(audit__in=audit_ids).values_list(
            "agency__name", "audit__theme"
        )
    )
    action_states = dict(
        PartnershipAction.objects.filter(audit__in=audit_ids)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    tables = [
        _table("Learning recorded for each agency, by theme", findings, public=public),
        _table("Actions given to each agency, by theme", actions, public=public),
    ]
    return {
        "tables": tables,
        "action_states": action_states,
        "audit_count": len(audit_ids),
    }


def on_partnership_pages(user) -> bool:
    """Whether the partnership's pages have anything for ``user`` (the navigation link)."""
    return user.is_authenticated and (
        reads_all(user)
        or user.has_role(Role.PARTNER_AUDITOR)
        or user.has_role(Role.BUSINESS_MANAGER)
    )
