"""My work: a QA officer's reports waiting to be signed off."""

from django.urls import reverse

from qaf import work
from qaf.roles import Role


def reports_to_sign_off(user) -> list[work.WorkSection]:
    if not user.has_role(Role.QA_OFFICER):
        return []
    from .models import AssuranceReport

    drafts = list(
        AssuranceReport.objects.filter(status=AssuranceReport.Status.DRAFT).order_by(
            "-period_start", "kind"
        )[: work.ITEMS_SHOWN]
    )
    if not drafts:
        return []
    return [
        work.WorkSection(
            role=Role.QA_OFFICER,
            title="Reports to sign off",
            items=[
                work.WorkItem(
                    title=f"{report.get_kind_display()}: {report.period_label}",
                    url=report.get_absolute_url(),
                    status="Write the summary" if not report.narrative else "Ready to approve",
                )
                for report in drafts
            ],
            more_url=reverse("reports:list"),
        )
    ]
