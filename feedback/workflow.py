"""The voice machines: secure links (invitations), surveys, safeguarding alerts, and the
complaints and compliments register.

The child or family answering a link has no login, so starting, sending and expiring a link
are moves with no rule: only the services that check the token take them.
"""

from qaf import workflow
from qaf.workflow import Action, Machine, register

from .errors import FeedbackError
from .models import (
    ComplaintOrCompliment,
    Invitation,
    ParticipationRecommendation,
    SafeguardingAlert,
    Survey,
)

I = Invitation.Status  # noqa: E741
LINK_GONE = "This link has already been used or has stopped working."

invitation_machine = register(
    Machine(
        model=Invitation,
        error=FeedbackError,
        actions=(
            Action(
                "make_link",
                {I.PENDING, I.OPEN, I.STARTED},
                I.OPEN,
                "feedback.manage_invitation",
                "Make the link",
                "Link made",
                refused="A new link cannot be made: the answers have been sent, or the link has "
                "been cancelled or has expired.",
                forbidden="Only the social worker for this child can make this link.",
            ),
            Action("start", {I.OPEN}, I.STARTED, None, "Start", "Started", refused=LINK_GONE),
            Action(
                "submit",
                {I.STARTED},
                I.SUBMITTED,
                None,
                "Send the answers",
                "Answered",
                refused="These answers have already been sent, or the form has not been started.",
            ),
            Action(
                "expire",
                {I.PENDING, I.OPEN, I.STARTED},
                I.EXPIRED,
                None,
                "Expire",
                "Expired",
                refused="Only a link that has not been used can expire.",
            ),
            Action(
                "cancel",
                {I.PENDING, I.OPEN, I.STARTED},
                I.CANCELLED,
                "feedback.manage_invitation",
                "Cancel the link",
                "Cancelled",
                refused="Only a link that has not been used can be cancelled.",
                forbidden="Only the social worker for this child can cancel this link.",
            ),
        ),
        tags={
            I.PENDING: "yellow",
            I.OPEN: "blue",
            I.STARTED: "light-blue",
            I.SUBMITTED: "green",
            I.EXPIRED: "grey",
            I.CANCELLED: "grey",
        },
        finished=frozenset({I.SUBMITTED, I.EXPIRED, I.CANCELLED}),
        groups={
            "link_not_made": frozenset({I.PENDING}),
            "started": frozenset({I.STARTED}),
            "answered": frozenset({I.SUBMITTED}),
            "stopped": frozenset({I.EXPIRED, I.CANCELLED}),
            "cancelled": frozenset({I.CANCELLED}),
        },
    )
)

S = Survey.Status

survey_machine = register(
    Machine(
        model=Survey,
        error=FeedbackError,
        actions=(
            Action(
                "publish",
                {S.DRAFT},
                S.PUBLISHED,
                "feedback.manage_surveys",
                "Put it into use",
                "Put into use",
                refused="Only a draft can be put into use.",
            ),
            Action(
                "retire",
                {S.PUBLISHED},
                S.RETIRED,
                "feedback.manage_surveys",
                "Retire",
                "Retired",
                refused="Only a survey in use can be retired.",
            ),
        ),
        tags={S.DRAFT: "yellow", S.PUBLISHED: "green", S.RETIRED: "grey"},
        finished=frozenset({S.RETIRED}),
        groups={"in_use": frozenset({S.PUBLISHED})},
    )
)

A = SafeguardingAlert.Status

safeguarding_alert_machine = register(
    Machine(
        model=SafeguardingAlert,
        error=FeedbackError,
        actions=(
            Action(
                "escalate",
                {A.OPEN},
                A.ESCALATED,
                None,
                "Escalate",
                "Escalated: not checked in a working day",
            ),
            Action(
                "acknowledge",
                {A.OPEN, A.ESCALATED},
                A.ACKNOWLEDGED,
                "feedback.acknowledge_alert",
                "Record that the child was checked",
                "Checked",
                refused="This alert has already been checked.",
                forbidden="Only a manager of the child's team or the duty team can record this.",
            ),
        ),
        tags={A.OPEN: "red", A.ESCALATED: "red", A.ACKNOWLEDGED: "green"},
        finished=frozenset({A.ACKNOWLEDGED}),
        groups={"escalated": frozenset({A.ESCALATED})},
    )
)

C = ComplaintOrCompliment.Status

complaint_machine = register(
    Machine(
        model=ComplaintOrCompliment,
        error=FeedbackError,
        actions=(
            Action(
                "respond",
                {C.OPEN},
                C.RESPONDED,
                "feedback.handle_complaint",
                "Record the response",
                "Response sent",
                refused="A response can only be recorded for an open complaint.",
                forbidden="A response can only be recorded for an open complaint.",
            ),
            # The complainant asks for the next stage: the complaint is open again there.
            Action(
                "escalate",
                {C.RESPONDED},
                C.OPEN,
                "feedback.handle_complaint",
                "Move to the next stage",
                "Moved to the next stage",
                refused="A complaint moves to the next stage only after a response has been sent.",
                forbidden="A complaint moves to the next stage only after a response has been "
                "sent.",
            ),
            Action(
                "close",
                {C.RESPONDED},
                C.CLOSED,
                "feedback.handle_complaint",
                "Close the complaint",
                "Closed",
                refused="A complaint can be closed only after a response has been sent.",
                forbidden="A complaint can be closed only after a response has been sent.",
            ),
            Action(
                "pass_on",
                {C.OPEN},
                C.PASSED_ON,
                "feedback.pass_on_compliment",
                "Pass it on",
                "Passed on",
                refused="This compliment has already been passed on.",
                forbidden="This compliment has already been passed on.",
            ),
        ),
        tags={C.OPEN: "yellow", C.RESPONDED: "blue", C.CLOSED: "grey", C.PASSED_ON: "green"},
        finished=frozenset({C.CLOSED, C.PASSED_ON}),
        groups={"open": frozenset({C.OPEN}), "responded": frozenset({C.RESPONDED})},
    )
)

Recommendation = ParticipationRecommendation.Status

PARTICIPATION_RECOMMENDATION = workflow.register(
    workflow.Machine(
        model=ParticipationRecommendation,
        actions=(
            workflow.Action(
                "answer",
                {Recommendation.OPEN},
                Recommendation.ANSWERED,
                "feedback.answer_recommendation",
                "Answer",
                "Answered",
            ),
        ),
        error=FeedbackError,
        tags={Recommendation.OPEN: "yellow", Recommendation.ANSWERED: "green"},
        finished=frozenset({Recommendation.ANSWERED}),
    )
)
