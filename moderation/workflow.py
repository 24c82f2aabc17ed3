"""The loop's machines: moderation, actions, personal feedback, follow-up reviews, escalations.

Each action names the django-rules permission (``moderation/rules.py``) that says who may take
it; the machine says when. Pages ask ``qaf.workflow.available_actions`` for both at once.
"""

from qaf.workflow import Action as Move
from qaf.workflow import Machine, register

from .errors import ModerationError
from .models import Action, Escalation, FollowUpReview, Moderation, PractitionerFeedback

M = Moderation.Status

moderation_machine = register(
    Machine(
        model=Moderation,
        error=ModerationError,
        actions=(
            Move(
                "assign",
                {M.WAITING},
                M.TO_MODERATE,
                "moderation.assign_moderator",
                "Choose a moderator",
                "Given to a moderator",
            ),
            Move(
                "moderate",
                {M.TO_MODERATE},
                M.MODERATED,
                "moderation.moderate",
                "Record the moderation",
                "Moderated",
                refused="This audit has been moderated already.",
            ),
        ),
        tags={M.WAITING: "red", M.TO_MODERATE: "yellow", M.MODERATED: "green"},
        finished=frozenset({M.MODERATED}),
        groups={
            "waiting": frozenset({M.WAITING}),
            "to_moderate": frozenset({M.TO_MODERATE}),
        },
    )
)

A = Action.Status

action_machine = register(
    Machine(
        model=Action,
        error=ModerationError,
        actions=(
            Move(
                "complete",
                {A.OPEN},
                A.DONE,
                "moderation.update_action",
                "Mark as done",
                "Done",
                forbidden="Only the case's team manager, its moderator or a senior manager of "
                "its service area can do this.",
            ),
            # Evidence that does not hold up reopens the action.
            Move(
                "reopen",
                {A.DONE},
                A.OPEN,
                "moderation.manage_action",
                "Reopen",
                "Reopened",
                forbidden="Only the case's team manager, its moderator or a senior manager of "
                "its service area can do this.",
            ),
            Move(
                "cancel",
                {A.OPEN},
                A.CANCELLED,
                "moderation.manage_action",
                "It is no longer needed",
                "No longer needed",
                forbidden="Only the case's team manager, its moderator or a senior manager of "
                "its service area can do this.",
            ),
        ),
        tags={A.OPEN: "blue", A.DONE: "green", A.CANCELLED: "grey"},
        finished=frozenset({A.DONE, A.CANCELLED}),
        groups={"open": frozenset({A.OPEN}), "cancelled": frozenset({A.CANCELLED})},
    )
)

F = PractitionerFeedback.Status

practitioner_feedback_machine = register(
    Machine(
        model=PractitionerFeedback,
        error=ModerationError,
        actions=(
            Move(
                "acknowledge",
                {F.SENT},
                F.ACKNOWLEDGED,
                "moderation.acknowledge_feedback",
                "Acknowledge",
                "Acknowledged",
                forbidden="Only the social worker the feedback is for can acknowledge it.",
            ),
        ),
        tags={F.SENT: "yellow", F.ACKNOWLEDGED: "green"},
        finished=frozenset({F.ACKNOWLEDGED}),
    )
)

R = FollowUpReview.Status

follow_up_review_machine = register(
    Machine(
        model=FollowUpReview,
        error=ModerationError,
        actions=(
            Move(
                "complete",
                {R.DUE},
                R.COMPLETED,
                "moderation.review_follow_up",
                "Complete the follow-up review",
                "Completed",
                refused="This follow-up review has been done already.",
                forbidden="Only a senior manager of the case's service area can do its "
                "follow-up review.",
            ),
        ),
        tags={R.DUE: "yellow", R.COMPLETED: "green"},
        finished=frozenset({R.COMPLETED}),
    )
)

E = Escalation.Status

escalation_machine = register(
    Machine(
        model=Escalation,
        error=ModerationError,
        actions=(
            Move(
                "resolve",
                {E.OPEN},
                E.RESOLVED,
                "moderation.resolve_escalation",
                "Respond",
                "Resolved",
                forbidden="Only the person it was escalated to, or a senior manager of the "
                "service area, can respond to it.",
            ),
        ),
        tags={E.OPEN: "red", E.RESOLVED: "green"},
        finished=frozenset({E.RESOLVED}),
    )
)
