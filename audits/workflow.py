"""The looped audit's machines (DESIGN.md, "The looped audit"): the case audit, the audit
template's versions and a safeguarding concern raised in an audit.

Moves with no rule happen only as the result of another action (both gradings submitted, a
moderation finished, a follow-up review done), so no page offers them as a button.
"""

from qaf.workflow import Action, Machine, register

from .errors import AuditError
from .models import AuditTemplate, CaseAudit, SafeguardingConcern

S = CaseAudit.Status

case_audit_machine = register(
    Machine(
        model=CaseAudit,
        error=AuditError,
        actions=(
            Action("start", {S.SAMPLED}, S.IN_PROGRESS, "audits.grade_case", "Start", "Started"),
            Action(
                "grading_complete",
                {S.IN_PROGRESS},
                S.BOTH_GRADED,
                None,
                "Finish grading",
                "Both gradings submitted",
            ),
            Action("agree", {S.BOTH_GRADED}, S.AGREED, None, "Agree", "The two gradings agree"),
            Action(
                "send_to_moderation",
                {S.BOTH_GRADED},
                S.IN_MODERATION,
                None,
                "Send to moderation",
                "The two gradings differ",
            ),
            Action("moderate", {S.IN_MODERATION}, S.MODERATED, None, "Moderate", "Moderated"),
            Action(
                "start_actions",
                {S.AGREED, S.MODERATED},
                S.ACTIONS_AND_FEEDBACK,
                None,
                "Start actions and feedback",
                "Actions and feedback started",
            ),
            Action(
                "follow_up",
                {S.ACTIONS_AND_FEEDBACK},
                S.FOLLOW_UP,
                None,
                "Start the follow-up review",
                "Follow-up review due",
            ),
            Action("escalate", {S.FOLLOW_UP}, S.ESCALATED, None, "Escalate", "Escalated"),
            Action("close", {S.FOLLOW_UP, S.ESCALATED}, S.CLOSED, None, "Close", "Closed"),
        ),
        tags={
            S.SAMPLED: "grey",
            S.IN_PROGRESS: "blue",
            S.BOTH_GRADED: "purple",
            S.AGREED: "green",
            S.IN_MODERATION: "yellow",
            S.MODERATED: "green",
            S.ACTIONS_AND_FEEDBACK: "turquoise",
            S.FOLLOW_UP: "pink",
            S.ESCALATED: "red",
        },
        finished=frozenset({S.CLOSED}),
        groups={
            # Actions are agreed and feedback given from the final grade to the follow-up.
            "actions_open": frozenset({S.AGREED, S.MODERATED, S.ACTIONS_AND_FEEDBACK}),
            "escalated": frozenset({S.ESCALATED}),
        },
    )
)

T = AuditTemplate.Status

audit_template_machine = register(
    Machine(
        model=AuditTemplate,
        error=AuditError,
        actions=(
            Action(
                "publish",
                {T.DRAFT},
                T.PUBLISHED,
                "audits.edit_templates",
                "Publish",
                "Published",
                refused="Only a draft version can be published.",
            ),
            # Publishing a new version retires the one before it; nobody retires one by hand.
            Action("retire", {T.PUBLISHED}, T.RETIRED, None, "Retire", "Retired"),
        ),
        tags={T.DRAFT: "yellow", T.PUBLISHED: "green", T.RETIRED: "grey"},
        finished=frozenset({T.RETIRED}),
    )
)

C = SafeguardingConcern.Status

safeguarding_concern_machine = register(
    Machine(
        model=SafeguardingConcern,
        error=AuditError,
        actions=(
            Action(
                "escalate",
                {C.OPEN},
                C.ESCALATED,
                None,
                "Escalate",
                "Safeguarding concern escalated: not acknowledged in a working day",
            ),
            Action(
                "acknowledge",
                {C.OPEN, C.ESCALATED},
                C.ACKNOWLEDGED,
                "audits.acknowledge_concern",
                "Acknowledge",
                "Safeguarding concern acknowledged",
                refused="This concern has already been acknowledged.",
                forbidden="Only a manager of the case's team or a senior manager of its service "
                "area can acknowledge this concern.",
            ),
        ),
        tags={C.OPEN: "yellow", C.ESCALATED: "red", C.ACKNOWLEDGED: "green"},
        finished=frozenset({C.ACKNOWLEDGED}),
        groups={"escalated": frozenset({C.ESCALATED})},
    )
)
