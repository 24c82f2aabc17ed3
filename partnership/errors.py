from qaf.workflow import WorkflowError


class PartnershipError(WorkflowError):
    """A multi-agency audit action refused, with a message for the person who tried."""
