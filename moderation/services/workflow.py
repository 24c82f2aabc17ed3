"""The loop's small state machines, and the one guard that moves each of them.

Each machine is a dict of which state may follow which, as ``audits.services.workflow`` does for
the case audit itself. A status changes only through ``state_transition``, which locks the row,
checks the move and writes the history row in the same transaction.
"""

from django.db import models, transaction

from audits.services.history import history_stamp

from ..errors import ModerationError
from ..models import Action, Escalation, FollowUpReview, Moderation, PractitionerFeedback

MACHINES: dict[type[models.Model], dict[str, frozenset[str]]] = {
    Moderation: {
        Moderation.Status.WAITING: frozenset({Moderation.Status.TO_MODERATE}),
        Moderation.Status.TO_MODERATE: frozenset({Moderation.Status.MODERATED}),
        Moderation.Status.MODERATED: frozenset(),
    },
    Action: {
        Action.Status.OPEN: frozenset({Action.Status.DONE, Action.Status.CANCELLED}),
        # Evidence that does not hold up reopens the action.
        Action.Status.DONE: frozenset({Action.Status.OPEN}),
        Action.Status.CANCELLED: frozenset(),
    },
    PractitionerFeedback: {
        PractitionerFeedback.Status.SENT: frozenset({PractitionerFeedback.Status.ACKNOWLEDGED}),
        PractitionerFeedback.Status.ACKNOWLEDGED: frozenset(),
    },
    FollowUpReview: {
        FollowUpReview.Status.DUE: frozenset({FollowUpReview.Status.COMPLETED}),
        FollowUpReview.Status.COMPLETED: frozenset(),
    },
    Escalation: {
        Escalation.Status.OPEN: frozenset({Escalation.Status.RESOLVED}),
        Escalation.Status.RESOLVED: frozenset(),
    },
}


def _label(model: type[models.Model], status: str) -> str:
    return dict(model._meta.get_field("status").choices).get(status, status).lower()


@transaction.atomic
def state_transition(instance, *, to: str, by=None, reason: str = "", fields: dict | None = None):
    """Move ``instance`` to status ``to`` if its machine allows it, saving ``fields`` with it.

    The row is locked first, so two people acting at once cannot both move it. Returns the
    locked, saved row; ``instance`` gets the new status as well.
    """
    model = type(instance)
    machine = MACHINES[model]
    if to not in machine:
        raise ModerationError(f"'{to}' is not a state of {model._meta.verbose_name}.")
    locked = model.objects.select_for_update(of=("self",)).get(pk=instance.pk)
    if to not in machine[locked.status]:
        noun = model._meta.verbose_name
        raise ModerationError(
            f"This {noun} is '{_label(model, locked.status)}' and cannot become "
            f"'{_label(model, to)}'."
        )
    locked.status = to
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    history_stamp(locked, by=by, reason=reason or f"Became {_label(model, to)}")
    update_fields = ["status", *(fields or {})]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    instance.status = locked.status
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    return locked
