"""Errors the moderation services raise; each message is written for the person who tried."""


class ModerationError(Exception):
    """A business rule of the loop (moderation, actions, feedback, follow-up) was broken."""
