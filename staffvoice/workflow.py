"""The staff voice state machines: surveys, free-text checks and circle suggestions."""

from qaf import workflow

from .errors import StaffVoiceError
from .models import AnonymousComment, CircleSuggestion, StaffSurvey

Survey = StaffSurvey.Status
Comment = AnonymousComment.Status
Suggestion = CircleSuggestion.Status

SURVEY = workflow.register(
    workflow.Machine(
        model=StaffSurvey,
        error=StaffVoiceError,
        actions=(
            workflow.Action(
                "open", {Survey.DRAFT}, Survey.OPEN, "staffvoice.manage_survey", "Open for answers"
            ),
            workflow.Action(
                "close", {Survey.OPEN}, Survey.CLOSED, "staffvoice.manage_survey", "Close", "Closed"
            ),
        ),
        tags={Survey.DRAFT: "grey", Survey.OPEN: "green", Survey.CLOSED: "blue"},
        finished=frozenset({Survey.CLOSED}),
    )
)

COMMENT = workflow.register(
    workflow.Machine(
        model=AnonymousComment,
        error=StaffVoiceError,
        actions=(
            workflow.Action(
                "approve",
                {Comment.TO_CHECK, Comment.WITHHELD},
                Comment.APPROVED,
                "staffvoice.check_comment",
                "Show in results",
                "Shown in results",
            ),
            workflow.Action(
                "withhold",
                {Comment.TO_CHECK, Comment.APPROVED},
                Comment.WITHHELD,
                "staffvoice.check_comment",
                "Withhold",
                "Withheld",
            ),
        ),
        tags={Comment.TO_CHECK: "yellow", Comment.APPROVED: "green", Comment.WITHHELD: "red"},
        finished=frozenset({Comment.APPROVED, Comment.WITHHELD}),
    )
)

SUGGESTION = workflow.register(
    workflow.Machine(
        model=CircleSuggestion,
        error=StaffVoiceError,
        actions=(
            workflow.Action(
                "answer",
                {Suggestion.OPEN},
                Suggestion.ANSWERED,
                "staffvoice.answer_suggestion",
                "Answer",
                "Answered",
            ),
        ),
        tags={Suggestion.OPEN: "yellow", Suggestion.ANSWERED: "green"},
        finished=frozenset({Suggestion.ANSWERED}),
    )
)
