from qaf.workflow import WorkflowError


class ReportError(WorkflowError):
    """A report action refused, with a message for the QA officer."""
