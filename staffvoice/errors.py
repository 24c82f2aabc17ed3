class StaffVoiceError(Exception):
    """A staff voice action refused, with a message for the person who tried."""
