"""Template helpers for the voice pages: the section menu and small SVG bars."""

from django import template
from django.urls import reverse
from django.utils import timezone

from qaf.roles import Role

register = template.Library()

MONITORING = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR, Role.QA_OFFICER)
# (label, url name, roles that see it)
SECTIONS = [
    ("Monthly figures", "feedback:monitoring", MONITORING),
    ("Comments", "feedback:comments", MONITORING),
    ("Safeguarding alerts", "feedback:alert_list", MONITORING),
    ("You said, we did", "feedback:you_said_we_did_list", MONITORING),
    ("Complaints and compliments", "feedback:complaint_list", MONITORING),
    ("Participation", "feedback:participation_list", (Role.QA_OFFICER, Role.DIRECTOR)),
    ("Surveys", "feedback:survey_list", (Role.QA_OFFICER,)),
    ("Worrying words", "feedback:phrase_list", (Role.QA_OFFICER,)),
]


@register.inclusion_tag("feedback/includes/subnav.html", takes_context=True)
def voice_menu(context, current: str = ""):
    user = context["request"].user
    links = [
        {"label": label, "url": reverse(name), "current": name == current}
        for label, name, roles in SECTIONS
        if any(user.has_role(role) for role in roles)
    ]
    return {"links": links if len(links) > 1 else []}


@register.simple_tag
def chart_bar(value: int, most: int, *, base: int = 140, tallest: int = 110) -> dict:
    """The height and top of one bar in a chart whose tallest bar is ``most``."""
    height = max(2, round(tallest * value / most)) if value and most else 0
    return {"height": height, "y": base - height, "label_y": base - height - 6}


@register.simple_tag
def split_widths(cell, width: int = 200) -> dict:
    """Widths and offsets of the positive, in-between and negative parts of a stacked bar."""
    total = cell.total
    if not total:
        return {}
    positive = round(width * cell.positive / total)
    neutral = round(width * cell.neutral / total)
    return {
        "positive": positive,
        "neutral": neutral,
        "negative": width - positive - neutral,
        "neutral_x": positive,
        "negative_x": positive + neutral,
    }


@register.filter
def when(moment, style: str = "long") -> str:
    """'29 November 2026, 6:28am' (GOV.UK style), in local time; 'short' abbreviates the month."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    month = "%b" if style == "short" else "%B"
    hour = local.hour % 12 or 12
    return f"{local.day} {local:{month} %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
