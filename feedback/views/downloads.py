"""Voice's lists and tables as CSV and Excel, with the pages' own rows, scope and filters.

An alert's download names the case and the reason, never the child's words: those stay on the
alert's own page, where opening them is logged."""

from casework.services import child_access_record_many
from qaf.exports import Column, export_response
from qaf.permissions import role_required

from ..selectors import COMMENT_ROLES, MONITORING_ROLES, voice_month
from .monitoring import ALERT_ROLES, _comment_teams, alert_list_filtered, monitoring_scope
from .registers import REGISTER_READERS, complaint_list_filtered

ALERT_COLUMNS = [
    Column("Case", lambda a: a.child.child_id if a.child else ""),
    Column("Team", lambda a: a.team.name if a.team else ""),
    Column("Why", lambda a: a.get_reason_display()),
    Column("Raised", lambda a: a.raised_at),
    Column("Checked", lambda a: a.acknowledged_at),
    Column("Checked by", lambda a: str(a.acknowledged_by) if a.acknowledged_by else ""),
    Column("State", lambda a: a.get_status_display()),
]

COMPLAINT_COLUMNS = [
    Column("Reference", lambda c: c.reference),
    Column("Kind", lambda c: c.get_kind_display()),
    Column("Received", lambda c: c.received_on),
    Column("Team", lambda c: c.team.name if c.team else ""),
    Column("Category", lambda c: c.get_category_display()),
    Column("From", lambda c: c.get_received_from_display()),
    Column("Stage", lambda c: c.get_stage_display()),
    Column("Response due", lambda c: c.response_due),
    Column("Response sent", lambda c: c.response_sent_on),
    Column("Outcome", lambda c: c.get_outcome_display()),
    Column("State", lambda c: c.get_status_display()),
]

MONITORING_COLUMNS = [
    Column("Month", lambda row: row[0]),
    Column("Team", lambda row: row[1]),
    Column("Theme", lambda row: row[2]),
    Column("Positive", lambda row: row[3]),
    Column("Neutral", lambda row: row[4]),
    Column("Negative", lambda row: row[5]),
    Column("Answers", lambda row: row[6]),
]


@role_required(*ALERT_ROLES)
def alert_list_download(request):
    alerts = list(alert_list_filtered(request)[1])
    child_access_record_many(
        user=request.user, children=[a.child for a in alerts], context="safeguarding alert download"
    )
    return export_response(request, what="safeguarding alerts", columns=ALERT_COLUMNS, rows=alerts)


@role_required(*REGISTER_READERS)
def complaint_list_download(request):
    return export_response(
        request,
        what="complaints and compliments",
        columns=COMPLAINT_COLUMNS,
        rows=complaint_list_filtered(request)[1],
    )


@role_required(*MONITORING_ROLES)
def monitoring_download(request):
    """The monthly figures the voice page shows, for its team (or the service) and month: the
    responses each month, then each theme's answers by sentiment each month."""
    _teams, team, month = monitoring_scope(request)
    figures = voice_month(
        month=month,
        team=team,
        comment_teams=_comment_teams(request),
        can_see_comments=any(request.user.has_role(role) for role in COMMENT_ROLES),
    )
    scope = team.name if team else "Whole service"
    rows = [
        (m.month, scope, "All responses", None, None, None, m.responses) for m in figures.months
    ]
    for theme in figures.themes:
        for counted, cell in zip(figures.months, theme.cells, strict=True):
            rows.append(
                (
                    counted.month,
                    scope,
                    theme.label,
                    cell.positive,
                    cell.neutral,
                    cell.negative,
                    cell.total,
                )
            )
    return export_response(request, what="voice figures", columns=MONITORING_COLUMNS, rows=rows)
