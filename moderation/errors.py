"""Errors the moderation services raise; each message is written for the person who tried."""

from qaf.errors import ServiceError


class ModerationError(ServiceError):
    """A business rule of the loop (moderation, actions, feedback, follow-up) was broken."""
