from qaf.errors import ServiceError


class FeedbackError(ServiceError):
    """A business rule of the voice work was broken; the message is for the person who tried."""
