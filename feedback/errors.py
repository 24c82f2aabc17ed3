from qaf.workflow import WorkflowError


class FeedbackError(WorkflowError):
    """A business rule of the voice work was broken; the message is for the person who tried."""
