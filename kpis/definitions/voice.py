"""Voice KPIs: what children and families tell us, how many answer, and how fast worrying
answers are checked. A response counts in the month it was sent, for the team it names."""

from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet

from feedback.models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    Response,
    SafeguardingAlert,
    Sentiment,
    VoiceTheme,
)

from ..registry import Kpi, register
from ..scopes import Scope
from .common import D, in_scope, month

SOURCE = "Feedback from children, young people, parents and carers"


def _responses(period: date, scope: Scope) -> QuerySet:
    return in_scope(
        Response.objects.filter(month=period).select_related("child", "team"), scope, "team"
    )


register(
    Kpi(
        code="voice.responses",
        group="voice",
        title="Feedback responses",
        definition="Forms sent back by children, young people, parents and carers in the month.",
        unit="count",
        polarity="up",
        numerator=_responses,
        source=SOURCE,
        drill_model="responses",
    )
)


def _invitations(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    invitations = Invitation.objects.filter(
        sent_at__date__gte=first, sent_at__date__lte=last
    ).select_related("child", "team")
    return in_scope(invitations, scope, "team")


register(
    Kpi(
        code="voice.response_rate",
        group="voice",
        title="Response rate",
        definition="Of the feedback links made in the month, the share answered.",
        unit="percent",
        polarity="up",
        numerator=lambda p, s: _invitations(p, s).filter(submitted_at__isnull=False),
        denominator=_invitations,
        source=SOURCE,
        default_target=D(30),
        default_green=D(30),
        default_amber=D(20),
        drill_model="feedback links",
    )
)


def _theme_kpi(code, theme, title, definition, *, target, green, amber, national=""):
    def answered(period: date, scope: Scope) -> QuerySet:
        answers = Answer.objects.filter(response=OuterRef("pk"), question__theme=theme).exclude(
            sentiment=""
        )
        return _responses(period, scope).filter(Exists(answers))

    def positive(period: date, scope: Scope) -> QuerySet:
        answers = Answer.objects.filter(
            response=OuterRef("pk"), question__theme=theme, sentiment=Sentiment.POSITIVE
        )
        return _responses(period, scope).filter(Exists(answers))

    register(
        Kpi(
            code=code,
            group="voice",
            title=title,
            definition=definition,
            unit="percent",
            polarity="up",
            numerator=positive,
            denominator=answered,
            source=SOURCE,
            national_measure=national,
            default_target=target,
            default_green=green,
            default_amber=amber,
            drill_model="responses",
        )
    )


_theme_kpi(
    "voice.plan_copy",
    VoiceTheme.PLAN,
    "Have a copy of their plan",
    "Of the responses that answered the question about their plan, the share who said they "
    "have a copy.",
    target=D(80),
    green=D(80),
    amber=D(65),
)
_theme_kpi(
    "voice.easy_contact",
    VoiceTheme.CONTACT,
    "Find it easy to contact their social worker",
    "Of the responses that answered the question about getting in touch, the share who said it "
    "was easy.",
    target=D(75),
    green=D(75),
    amber=D(60),
)
_theme_kpi(
    "voice.told_why",
    VoiceTheme.EXPLAINED,
    "Told why we are involved (or why they are in care)",
    "Of the responses that answered the question, the share who said someone told them why a "
    "social worker is involved or why they are in care.",
    target=D(85),
    green=D(85),
    amber=D(70),
)
_theme_kpi(
    "voice.helped_make_plan",
    VoiceTheme.PLAN_HELPS,
    "Understood and helped make their plan",
    "Of the responses that answered the question about their plan helping, the share who "
    "understood it and helped make it.",
    target=D(75),
    green=D(75),
    amber=D(60),
)
_theme_kpi(
    "voice.listened",
    VoiceTheme.LISTENED,
    "Felt listened to",
    "Of the responses that answered the question about being listened to, the share who said "
    "most of the time or always.",
    target=D(80),
    green=D(80),
    amber=D(65),
)


def _alerts(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    alerts = SafeguardingAlert.objects.filter(
        raised_at__date__gte=first, raised_at__date__lte=last
    ).select_related("child", "team")
    return in_scope(alerts, scope, "team")


register(
    Kpi(
        code="voice.alerts_acknowledged_in_time",
        group="voice",
        title="Safeguarding alerts checked within a working day",
        definition="Of the safeguarding alerts raised by answers in the month, the share a "
        "manager checked within one working day.",
        unit="percent",
        polarity="up",
        numerator=lambda p, s: _alerts(p, s).filter(acknowledged_at__lte=F("escalate_after")),
        denominator=_alerts,
        source=SOURCE,
        default_target=D(100),
        default_green=D(100),
        default_amber=D(90),
        drill_model="safeguarding alerts",
    )
)


def _register_entries(kind):
    def entries(period: date, scope: Scope) -> QuerySet:
        first, last = month(period)
        rows = ComplaintOrCompliment.objects.filter(
            kind=kind, received_on__gte=first, received_on__lte=last
        ).select_related("team")
        return in_scope(rows, scope, "team")

    return entries


register(
    Kpi(
        code="voice.complaints",
        group="voice",
        title="Complaints received",
        definition="Complaints recorded in the month.",
        unit="count",
        polarity="down",
        numerator=_register_entries(ComplaintOrCompliment.Kind.COMPLAINT),
        source="The complaints and compliments register",
        drill_model="complaints",
    )
)
register(
    Kpi(
        code="voice.compliments",
        group="voice",
        title="Compliments received",
        definition="Compliments recorded in the month.",
        unit="count",
        polarity="up",
        numerator=_register_entries(ComplaintOrCompliment.Kind.COMPLIMENT),
        source="The complaints and compliments register",
        drill_model="compliments",
    )
)
