"""Templates ask the workflow, never compare a status with a string.

{% load workflow %}
{% actions_for case_audit as actions %}
{% if "grade" in actions %}…{% endif %}
{% status_tag case_audit %}
"""

from django import template
from django.utils.html import format_html

from qaf import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def actions_for(context, obj) -> frozenset[str]:
    """The names of the actions the signed-in person may take on ``obj`` now."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return workflow.available_names(obj, user)


@register.simple_tag
def status_tag(obj):
    """``obj``'s state as a GOV.UK tag, coloured by its machine."""
    machine = workflow.machine_for(obj)
    state = machine.state_of(obj)
    colour = machine.tags.get(state, "")
    classes = "govuk-tag" + (f" govuk-tag--{colour}" if colour else "")
    return format_html('<strong class="{}">{}</strong>', classes, machine.state_label(state))


@register.filter
def in_state(obj, names: str) -> bool:
    """Whether ``obj`` is in a named group of its machine's states: ``finished``, or a group the
    machine declares (``"waiting"``). Several names, comma-separated, mean any of them.

    Only the machine's own group names are accepted, so a template never spells a status value.
    """
    if obj is None:
        return False
    try:
        return any(workflow.in_group(obj, name.strip()) for name in names.split(","))
    except ValueError as error:
        raise template.TemplateSyntaxError(str(error)) from error
