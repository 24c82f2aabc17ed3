"""Counting a report's figures for a period, once, into plain JSON that the report keeps.

Every figure is a grouped count in the database: a fixed handful of queries whatever the size
of the service. Dates are written as ISO text (JSON has no dates); ``reports.sections`` reads
them back as dates for the page, the PDF and the workbook.

Which day puts a record in a period: an audit by its round's month, a final grade by the day it
was decided, a moderation by the day it was routed (and the day it was done), an action by the
day it was set (and the day it was done), a response by the month its link was sent, a
complaint or compliment by the day it was received.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from audits.models import CaseAudit, Grade
from feedback.models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    ParticipationSession,
    Response,
    SafeguardingAlert,
    Sentiment,
    VoiceTheme,
    YouSaidWeDid,
)
from kpis.periods import months_between
from kpis.scopes import Scope
from kpis.selectors import dashboard
from moderation.models import (
    Action,
    Escalation,
    FinalGrade,
    FollowUpReview,
    LearningActivity,
    LearningTheme,
    Moderation,
)
from qaf.workdays import add_months

FIGURES_VERSION = 1
GRADES = list(Grade.values)
# The voice themes the committee follows: DESIGN.md's standard experience questions.
EXPERIENCE_THEMES = (
    VoiceTheme.CONTACT,
    VoiceTheme.PLAN,
    VoiceTheme.EXPLAINED,
    VoiceTheme.LISTENED,
    VoiceTheme.DIFFERENCE,
    VoiceTheme.SAFE,
)
REVEALED = [s for s in CaseAudit.Status.values if s not in CaseAudit.GRADING_STATES]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before (the quarter or year before)."""
    months = len(months_between(start, end))
    return add_months(start, -months), start - timedelta(days=1)


def count_figures(start: date, end: date) -> dict:
    """Every figure of a report on ``start``..``end`` (both included), as JSON-ready data."""
    figures = {
        "version": FIGURES_VERSION,
        "period": {"start": _iso(start), "end": _iso(end)},
        "audit": _audit(start, end),
        "voice": _voice(start, end),
        "register": _register(start, end),
        "kpis": _kpis(start, end),
    }
    figures["has_data"] = _has_data(figures)
    return figures


def _has_data(figures: dict) -> bool:
    audit, voice, register = figures["audit"], figures["voice"], figures["register"]
    counts = [
        *(m["sampled"] + m["graded"] for m in audit["months"]),
        audit["moderation"]["routed"],
        audit["actions"]["set"],
        *(m["responses"] for m in voice["months"]),
        voice["links"]["sent"],
        voice["alerts"]["raised"],
        voice["participation"]["sessions"],
        register["totals"]["complaints"],
        register["totals"]["compliments"],
    ]
    return any(counts)


# Audit ------------------------------------------------------------------------------------------


def _grade_counts(start: date, end: date) -> dict[str, int]:
    counts = dict.fromkeys(GRADES, 0)
    for row in (
        FinalGrade.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .values("overall_grade")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["overall_grade"]] = row["n"]
    return counts


def _audit(start: date, end: date) -> dict:
    months = months_between(start, end)
    by_month = {
        m: {"month": _iso(m), "sampled": 0, "graded": 0, **dict.fromkeys(GRADES, 0)} for m in months
    }
    for row in (
        CaseAudit.objects.filter(round__period__gte=start, round__period__lte=end)
        .values("round__period")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_month[row["round__period"]]["sampled"] = row["n"]
    for row in (
        FinalGrade.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .values("decided_on__year", "decided_on__month", "overall_grade")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month = by_month[date(row["decided_on__year"], row["decided_on__month"], 1)]
        month[row["overall_grade"]] += row["n"]
        month["graded"] += row["n"]

    before_start, before_end = previous_period(start, end)
    finals = FinalGrade.objects.filter(decided_on__gte=start, decided_on__lte=end).aggregate(
        total=Count("pk"), agreed=Count("pk", filter=Q(route=FinalGrade.Route.AGREED))
    )
    moderation = {
        "routed": Moderation.objects.filter(routed_on__gte=start, routed_on__lte=end).count(),
        **Moderation.objects.filter(
            moderated_at__gte=_aware(start), moderated_at__lt=_aware(end + timedelta(days=1))
        ).aggregate(
            moderated=Count("pk"),
            in_time=Count("pk", filter=Q(moderated_at__date__lte=F("due_date"))),
        ),
    }
    actions = {
        "set": Action.objects.filter(
            created_at__gte=_aware(start), created_at__lt=_aware(end + timedelta(days=1))
        ).count(),
        **Action.objects.filter(completed_on__gte=start, completed_on__lte=end).aggregate(
            done=Count("pk"), done_in_time=Count("pk", filter=Q(completed_on__lte=F("due_date")))
        ),
        "open_past_due": Action.objects.filter(
            status=Action.Status.OPEN, due_date__lte=end, created_at__lt=_aware(end)
        ).count(),
    }
    outcomes = dict.fromkeys(FollowUpReview.Outcome.values, 0)
    re_audits = 0
    for row in (
        FollowUpReview.objects.filter(
            completed_at__gte=_aware(start), completed_at__lt=_aware(end + timedelta(days=1))
        )
        .values("outcome", "re_audit")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["outcome"] in outcomes:
            outcomes[row["outcome"]] += row["n"]
        re_audits += row["n"] if row["re_audit"] else 0
    escalations = dict.fromkeys(Escalation.Kind.values, 0)
    for row in (
        Escalation.objects.filter(
            raised_at__gte=_aware(start), raised_at__lt=_aware(end + timedelta(days=1))
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        escalations[row["kind"]] = row["n"]
    return {
        "months": [by_month[m] for m in months],
        "grades": {
            "this": _grade_counts(start, end),
            "previous": _grade_counts(before_start, before_end),
        },
        "previous_period": {"start": _iso(before_start), "end": _iso(before_end)},
        "agreement": {"final": finals["total"], "agreed": finals["agreed"]},
        "moderation": moderation,
        "themes": _themes(start, end),
        "activities": _activities(start, end),
        "actions": actions,
        "follow_ups": {**outcomes, "re_audit": re_audits},
        "escalations": escalations,
    }


def _themes(start: date, end: date) -> list[dict]:
    """How many audits of the period's rounds found each learning theme, most first. A grading's
    themes count only once both gradings are in (they are blind until then)."""
    tagged: dict[int, set[int]] = defaultdict(set)
    for theme_id, audit_id in [
        *LearningTheme.gradings.through.objects.filter(
            grading__case_audit__round__period__gte=start,
            grading__case_audit__round__period__lte=end,
            grading__case_audit__status__in=REVEALED,
        ).values_list("learningtheme_id", "grading__case_audit_id"),
        *Moderation.themes.through.objects.filter(
            moderation__case_audit__round__period__gte=start,
            moderation__case_audit__round__period__lte=end,
        ).values_list("learningtheme_id", "moderation__case_audit_id"),
    ]:
        tagged[theme_id].add(audit_id)
    names = dict(LearningTheme.objects.filter(pk__in=tagged).values_list("pk", "name"))
    rows = [{"theme": names[pk], "audits": len(audits)} for pk, audits in tagged.items()]
    return sorted(rows, key=lambda row: (-row["audits"], row["theme"]))


def _activities(start: date, end: date) -> list[dict]:
    found = {
        row["kind"]: row
        for row in LearningActivity.objects.filter(held_on__gte=start, held_on__lte=end)
        .values("kind")
        .annotate(n=Count("pk"), people=Sum("attendance"))
        .order_by()
    }
    return [
        {
            "kind": label,
            "held": found.get(kind, {}).get("n", 0),
            "attendance": found.get(kind, {}).get("people") or 0,
        }
        for kind, label in LearningActivity.Kind.choices
    ]


# Voice ------------------------------------------------------------------------------------------


def _voice(start: date, end: date) -> dict:
    months = months_between(start, end)
    by_month = {m: {"month": _iso(m), "responses": 0} for m in months}
    for row in (
        Response.objects.filter(month__gte=start, month__lte=end)
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_month[row["month"]]["responses"] = row["n"]
    after = _aware(end + timedelta(days=1))
    links = Invitation.objects.filter(sent_at__gte=_aware(start), sent_at__lt=after).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(status=Invitation.Status.SUBMITTED))
    )
    alerts = SafeguardingAlert.objects.filter(
        raised_at__gte=_aware(start), raised_at__lt=after
    ).aggregate(
        raised=Count("pk"),
        checked_in_time=Count("pk", filter=Q(acknowledged_at__lte=F("escalate_after"))),
    )
    cells = {theme: dict.fromkeys(Sentiment.values, 0) for theme in EXPERIENCE_THEMES}
    for row in (
        Answer.objects.filter(
            response__month__gte=start,
            response__month__lte=end,
            question__theme__in=EXPERIENCE_THEMES,
        )
        .exclude(sentiment="")
        .values("question__theme", "sentiment")
        .annotate(n=Count("*"))
        .order_by()
    ):
        cells[row["question__theme"]][row["sentiment"]] = row["n"]
    experience = [{"theme": VoiceTheme(theme).label, **cells[theme]} for theme in EXPERIENCE_THEMES]
    you_said = [
        {
            "month": _iso(entry.month),
            "theme": entry.get_theme_display(),
            "you_said": entry.you_said,
            "we_did": entry.we_did,
            "public": entry.is_public,
        }
        for entry in YouSaidWeDid.objects.filter(month__gte=start, month__lte=end).order_by(
            "month", "pk"
        )
    ]
    sessions = list(
        ParticipationSession.objects.filter(held_on__gte=start, held_on__lte=end)
        .select_related("group")
        .order_by("held_on", "pk")
    )
    return {
        "months": [by_month[m] for m in months],
        "links": links,
        "alerts": alerts,
        "experience": experience,
        "you_said_we_did": you_said,
        "participation": {
            "sessions": len(sessions),
            "attended": sum(session.attended for session in sessions),
            "views": [
                {"held_on": _iso(s.held_on), "group": s.group.name, "views": s.views}
                for s in sessions
            ],
        },
    }


# Complaints and compliments ---------------------------------------------------------------------


def _register(start: date, end: date) -> dict:
    Item = ComplaintOrCompliment
    items = Item.objects.filter(received_on__gte=start, received_on__lte=end)
    complaint = Q(kind=Item.Kind.COMPLAINT)
    totals = items.aggregate(
        complaints=Count("pk", filter=complaint),
        compliments=Count("pk", filter=Q(kind=Item.Kind.COMPLIMENT)),
        responded=Count("pk", filter=complaint & Q(response_sent_on__isnull=False)),
        responded_in_time=Count(
            "pk", filter=complaint & Q(response_sent_on__lte=F("response_due"))
        ),
        upheld=Count(
            "pk",
            filter=complaint & Q(outcome__in=[Item.Outcome.UPHELD, Item.Outcome.PARTLY_UPHELD]),
        ),
        passed_on=Count("pk", filter=Q(status=Item.Status.PASSED_ON)),
    )
    found = {
        row["category"]: row
        for row in items.values("category")
        .annotate(
            complaints=Count("pk", filter=complaint),
            compliments=Count("pk", filter=Q(kind=Item.Kind.COMPLIMENT)),
        )
        .order_by()
    }
    by_category = [
        {
            "category": label,
            "complaints": found.get(value, {}).get("complaints", 0),
            "compliments": found.get(value, {}).get("compliments", 0),
        }
        for value, label in Item.Category.choices
    ]
    return {"totals": totals, "by_category": by_category}


# KPIs -------------------------------------------------------------------------------------------


def _number(value) -> float | None:
    return None if value is None else float(value)


def _kpis(start: date, end: date) -> list[dict]:
    """Each KPI at the period's last month against its target, with the period's months."""
    last = end.replace(day=1)
    months = len(months_between(start, end))
    return [
        {
            "code": tile.kpi.code,
            "title": tile.kpi.title,
            "unit": tile.kpi.unit,
            "higher_is_better": tile.kpi.higher_is_better,
            "month": _iso(last),
            "numerator": tile.numerator,
            "denominator": tile.denominator,
            "value": _number(tile.value),
            "target": _number(tile.target),
            "rag": tile.rag or "",
            "series": [_number(point.value) for point in tile.series],
        }
        for tile in dashboard(Scope.service(), last, months=months)
    ]
