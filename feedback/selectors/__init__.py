"""Every non-trivial read of the voice work, already scoped to the person asking."""

from .access import (
    COMMENT_ROLES,
    MONITORING_ROLES,
    alerts_to_act_on,
    alerts_visible_to,
    areas_led_by,
    can_acknowledge_alert,
    can_manage_invitation,
    complaints_visible_to,
    invitation_by_token,
    invitations_visible_to,
    sees_everything,
    staff_choices,
    teams_overseen_by,
)
from .monitoring import (
    financial_year_of,
    free_text_answers,
    month_start,
    parse_month,
    register_summary,
    voice_month,
)

__all__ = [
    "COMMENT_ROLES",
    "MONITORING_ROLES",
    "alerts_to_act_on",
    "alerts_visible_to",
    "areas_led_by",
    "can_acknowledge_alert",
    "can_manage_invitation",
    "complaints_visible_to",
    "financial_year_of",
    "free_text_answers",
    "invitation_by_token",
    "invitations_visible_to",
    "month_start",
    "parse_month",
    "register_summary",
    "sees_everything",
    "staff_choices",
    "teams_overseen_by",
    "voice_month",
]
