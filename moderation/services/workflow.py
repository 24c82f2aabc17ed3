"""The loop's one move: a thin call to ``qaf.workflow.perform`` by the state a record becomes.

The tables are in ``moderation/workflow.py``.
"""

from qaf import workflow

from ..errors import ModerationError


def state_transition(instance, *, to: str, by=None, reason: str = "", fields: dict | None = None):
    """Move ``instance`` to status ``to`` by the one action of its machine that leads there from
    its state, saving ``fields`` with it. Returns the locked, saved row."""
    machine = workflow.machine_for(instance)
    model = type(instance)
    if to not in machine.states:
        raise ModerationError(f"'{to}' is not a state of {model._meta.verbose_name}.")
    current = model.objects.values_list(machine.field, flat=True).get(pk=instance.pk)
    moves = [a for a in machine.actions_from(current) if a.target == to]
    if not moves:
        raise ModerationError(
            f"This {model._meta.verbose_name} is '{machine.state_label(current).lower()}' and "
            f"cannot become '{machine.state_label(to).lower()}'."
        )
    return workflow.perform(instance, moves[0].name, by=by, reason=reason, fields=fields)
