"""The multi-agency audit's machines: the audit, each agency's section, actions, follow-ups."""

from qaf import workflow

from .errors import PartnershipError
from .models import AgencySection, MultiAgencyAudit, PartnershipAction, PartnershipFollowUp

Audit = MultiAgencyAudit.Status
Section = AgencySection.Status
ActionStatus = PartnershipAction.Status
FollowUp = PartnershipFollowUp.Status

AUDIT = workflow.register(
    workflow.Machine(
        model=MultiAgencyAudit,
        error=PartnershipError,
        actions=(
            workflow.Action(
                "open",
                {Audit.SETTING_UP},
                Audit.ANSWERING,
                "partnership.manage_audit",
                "Send to the agencies",
                "Sent to the agencies",
            ),
            # Taken by the service when the last agency submits (or the last draft is removed).
            workflow.Action(
                "all_in",
                {Audit.ANSWERING},
                Audit.PANEL,
                None,
                "Every section is in",
                "Every section in: ready for the panel",
            ),
            workflow.Action(
                "finish",
                {Audit.PANEL},
                Audit.FINISHED,
                "partnership.chair_panel",
                "Finish the audit",
                "Finished",
                refused="The audit can be finished only at the panel, once every section is in.",
            ),
        ),
        tags={
            Audit.SETTING_UP: "grey",
            Audit.ANSWERING: "yellow",
            Audit.PANEL: "blue",
            Audit.FINISHED: "green",
        },
        finished=frozenset({Audit.FINISHED}),
        groups={
            "setting_up": frozenset({Audit.SETTING_UP}),
            "answering": frozenset({Audit.ANSWERING}),
            "panel": frozenset({Audit.PANEL}),
            "all_in": frozenset({Audit.PANEL, Audit.FINISHED}),
        },
    )
)

SECTION = workflow.register(
    workflow.Machine(
        model=AgencySection,
        error=PartnershipError,
        actions=(
            workflow.Action(
                "submit",
                {Section.DRAFT},
                Section.SUBMITTED,
                "partnership.answer_section",
                "Submit your agency's section",
                "Submitted",
                refused="This section has already been submitted, or the agency was removed.",
                forbidden="Only the agency's auditor named on the audit can submit its section.",
            ),
            workflow.Action(
                "withdraw",
                {Section.DRAFT, Section.SUBMITTED},
                Section.WITHDRAWN,
                "partnership.manage_audit",
                "Remove the agency",
                "Agency removed from the audit",
            ),
            workflow.Action(
                "rejoin",
                {Section.WITHDRAWN},
                Section.DRAFT,
                "partnership.manage_audit",
                "Bring the agency back",
                "Agency back in the audit",
            ),
        ),
        tags={Section.DRAFT: "yellow", Section.SUBMITTED: "green", Section.WITHDRAWN: "grey"},
        finished=frozenset({Section.SUBMITTED, Section.WITHDRAWN}),
        groups={
            "draft": frozenset({Section.DRAFT}),
            "taking_part": frozenset({Section.DRAFT, Section.SUBMITTED}),
        },
    )
)

ACTION = workflow.register(
    workflow.Machine(
        model=PartnershipAction,
        error=PartnershipError,
        actions=(
            workflow.Action(
                "complete",
                {ActionStatus.OPEN},
                ActionStatus.DONE,
                "partnership.complete_action",
                "Mark as done",
                "Done",
            ),
            workflow.Action(
                "cancel",
                {ActionStatus.OPEN},
                ActionStatus.CANCELLED,
                "partnership.manage_audit",
                "Cancel the action",
                "Cancelled",
            ),
        ),
        tags={
            ActionStatus.OPEN: "yellow",
            ActionStatus.DONE: "green",
            ActionStatus.CANCELLED: "grey",
        },
        finished=frozenset({ActionStatus.DONE, ActionStatus.CANCELLED}),
    )
)

FOLLOW_UP = workflow.register(
    workflow.Machine(
        model=PartnershipFollowUp,
        error=PartnershipError,
        actions=(
            workflow.Action(
                "complete",
                {FollowUp.DUE, FollowUp.ESCALATED},
                FollowUp.COMPLETED,
                "partnership.review_follow_up",
                "Record the follow-up",
                "Follow-up completed",
            ),
            workflow.Action(
                "escalate",
                {FollowUp.DUE},
                FollowUp.ESCALATED,
                "partnership.review_follow_up",
                "Escalate to the chair",
                "Escalated to the chair",
            ),
        ),
        tags={FollowUp.DUE: "yellow", FollowUp.ESCALATED: "red", FollowUp.COMPLETED: "green"},
        finished=frozenset({FollowUp.COMPLETED}),
    )
)
