"""Errors the audit services raise; each message is written for the person who tried."""

from qaf.errors import ServiceError


class AuditError(ServiceError):
    """A business rule of the looped audit was broken."""


class GradingIncomplete(AuditError):
    """A grading cannot be submitted yet; ``missing`` names each gap, in the form's order."""

    def __init__(self, missing: list[tuple[str, str]]):
        # Each item is (message, where): ``where`` is "overall" or a domain's primary key.
        self.missing = missing
        super().__init__("; ".join(message for message, _ in missing))
