"""The one base of every app's business-rule error, so that views can show any of them alike."""


class ServiceError(Exception):
    """A service refused: a business rule was broken. The message is for the person who tried."""
