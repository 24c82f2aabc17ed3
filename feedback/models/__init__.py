"""Voice: surveys, secure links, responses, safeguarding alerts, complaints and participation."""

from .alerts import SafeguardingAlert, WorryingPhrase
from .register import (
    ComplaintOrCompliment,
    ParticipationGroup,
    ParticipationRecommendation,
    ParticipationSession,
    YouSaidWeDid,
)
from .responses import Answer, DraftAnswer, Invitation, Response
from .surveys import Question, Sentiment, Survey, VoiceTheme

__all__ = [
    "Answer",
    "ComplaintOrCompliment",
    "DraftAnswer",
    "Invitation",
    "ParticipationGroup",
    "ParticipationRecommendation",
    "ParticipationSession",
    "Question",
    "Response",
    "SafeguardingAlert",
    "Sentiment",
    "Survey",
    "VoiceTheme",
    "WorryingPhrase",
    "YouSaidWeDid",
]
