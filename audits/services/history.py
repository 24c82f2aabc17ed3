"""Stamp who made a change and why on the history row that saving an object writes."""


def history_stamp(instance, *, by=None, reason: str = ""):
    """Name ``by`` and ``reason`` on ``instance``'s next history row.

    With no ``by`` the request's user (from the history middleware) is used, or nobody for a
    scheduled job.
    """
    if by is not None:
        instance._history_user = by
    if reason:
        instance._change_reason = reason[:100]
    return instance
