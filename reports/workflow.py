"""The assurance report's machine: drafted, approved by a QA officer, and (a yearly summary
only) published on the public site, or taken down again."""

from qaf import workflow

from .errors import ReportError
from .models import AssuranceReport

Status = AssuranceReport.Status

REPORT = workflow.register(
    workflow.Machine(
        model=AssuranceReport,
        error=ReportError,
        actions=(
            workflow.Action(
                "approve",
                {Status.DRAFT},
                Status.APPROVED,
                "reports.sign_off",
                "Approve",
                "Approved",
                refused="This report is already approved: its figures and summary are final.",
                forbidden="Only a QA officer can approve a report.",
            ),
            workflow.Action(
                "publish",
                {Status.APPROVED},
                Status.PUBLISHED,
                "reports.publish",
                "Publish on the public site",
                "Published",
                refused="Approve the summary before you publish it.",
                forbidden="Only a QA officer can publish, and only a yearly summary.",
            ),
            workflow.Action(
                "withdraw",
                {Status.PUBLISHED},
                Status.APPROVED,
                "reports.publish",
                "Take off the public site",
                "Taken off the public site",
            ),
        ),
        tags={Status.DRAFT: "grey", Status.APPROVED: "green", Status.PUBLISHED: "blue"},
        finished=frozenset({Status.APPROVED, Status.PUBLISHED}),
        groups={"draft": frozenset({Status.DRAFT}), "public": frozenset({Status.PUBLISHED})},
    )
)
