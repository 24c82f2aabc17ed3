"""Errors the moderation services raise; each message is written for the person who tried."""

from qaf.workflow import WorkflowError


class ModerationError(WorkflowError):
    """A business rule of the loop (moderation, actions, feedback, follow-up) was broken."""
