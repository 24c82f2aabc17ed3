"""The voice work's state machines (registered from ``FeedbackConfig.ready``)."""

from qaf import workflow

from .errors import FeedbackError
from .models import ParticipationRecommendation

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
