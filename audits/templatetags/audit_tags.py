"""Small presentation helpers for the audit pages."""

from django import forms, template

from ..models import Grade

register = template.Library()

GRADE_COLOURS = {
    Grade.OUTSTANDING: "govuk-tag--green",
    Grade.GOOD: "govuk-tag--turquoise",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
}

PROGRESS_COLOURS = {
    "Not started": "govuk-tag--grey",
    "In progress": "govuk-tag--light-blue",
    "Graded by one": "govuk-tag--purple",
    "Graded by both": "govuk-tag--green",
    "Completed": "",
    "Draft saved": "govuk-tag--light-blue",
}


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary links to: the first radio or box of a group, or the input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def grade_colour(value: str) -> str:
    return GRADE_COLOURS.get(value, "govuk-tag--grey")


@register.filter
def grade_label(value: str) -> str:
    return Grade(value).label if value in Grade.values else "Not graded"


@register.filter
def progress_colour(value: str) -> str:
    return PROGRESS_COLOURS.get(value, "govuk-tag--blue")


@register.simple_tag
def long_date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""
