class FeedbackError(Exception):
    """A business rule of the voice work was broken; the message is for the person who tried."""
