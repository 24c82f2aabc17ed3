"""Small presentation helpers for the loop's pages."""

from django import template

register = template.Library()

STATUS_COLOURS = {
    # Moderation
    "waiting": "govuk-tag--orange",
    "to_moderate": "govuk-tag--blue",
    "moderated": "govuk-tag--green",
    # Actions
    "open": "govuk-tag--blue",
    "done": "govuk-tag--green",
    "cancelled": "govuk-tag--grey",
    # Feedback
    "sent": "govuk-tag--blue",
    "acknowledged": "govuk-tag--green",
    # Follow-up reviews and escalations
    "due": "govuk-tag--blue",
    "completed": "govuk-tag--green",
    "resolved": "govuk-tag--green",
    # Follow-up outcomes and findings
    "improved": "govuk-tag--green",
    "partly": "govuk-tag--yellow",
    "not_improved": "govuk-tag--red",
    "not_done": "govuk-tag--red",
    # Case audit states after grading
    "agreed": "govuk-tag--turquoise",
    "in_moderation": "govuk-tag--purple",
    "actions_and_feedback": "govuk-tag--blue",
    "follow_up": "govuk-tag--light-blue",
    "escalated": "govuk-tag--red",
    "closed": "govuk-tag--grey",
}


@register.filter
def status_colour(value: str) -> str:
    return STATUS_COLOURS.get(value, "govuk-tag--grey")


@register.filter
def overdue_on(due, today) -> bool:
    return bool(due and today and due < today)
