"""Audit KPIs: how many audits were sampled, graded and completed; the grades; agreement
between the two auditors; moderation in timescale; actions done by the follow-up; escalations.

An audit counts in the month of its round. Records count for the team the case was sampled
from (``CaseAudit.team``).
"""

from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from audits.models import CaseAudit, DomainGrade, Grade, Grading
from audits.template_defaults import DEFAULT_DOMAINS
from moderation.models import Action, FinalGrade, FollowUpReview, Moderation

from ..registry import Kpi, register
from ..scopes import Scope
from .common import D, in_scope, month, quarter

SOURCE = "Audits in this service: rounds, gradings, moderation and follow-up reviews"
GRADED_STATES = [s for s in CaseAudit.Status.values if s not in CaseAudit.GRADING_STATES]


def _audits(period: date, scope: Scope) -> QuerySet:
    return in_scope(
        CaseAudit.objects.filter(round__period=period).select_related("child", "team"),
        scope,
        "team",
    )


def _finals(first: date, last: date, scope: Scope) -> QuerySet:
    finals = FinalGrade.objects.filter(
        case_audit__round__period__gte=first, case_audit__round__period__lte=last
    ).select_related("case_audit__child", "case_audit__team")
    return in_scope(finals, scope, "case_audit__team")


def _month_finals(period: date, scope: Scope) -> QuerySet:
    return _finals(period, period, scope)


def _quarter_finals(period: date, scope: Scope) -> QuerySet:
    first, _ = quarter(period)
    return _finals(first, period, scope)


register(
    Kpi(
        code="audit.sampled",
        group="audit",
        title="Audits sampled",
        definition="Cases drawn into the month's audit round.",
        unit="count",
        polarity="up",
        numerator=_audits,
        source=SOURCE,
        drill_model="case audits",
    )
)
register(
    Kpi(
        code="audit.graded",
        group="audit",
        title="Audits graded by both auditors",
        definition="Audits of the month's round that both the team manager and the peer auditor "
        "have graded.",
        unit="count",
        polarity="up",
        numerator=lambda p, s: _audits(p, s).filter(status__in=GRADED_STATES),
        source=SOURCE,
        drill_model="case audits",
    )
)
register(
    Kpi(
        code="audit.completed",
        group="audit",
        title="Audits completed",
        definition="Audits of the month's round with a final grade (agreed, or moderated).",
        unit="count",
        polarity="up",
        numerator=lambda p, s: _audits(p, s).filter(final_grade__isnull=False),
        source=SOURCE,
        drill_model="case audits",
    )
)
register(
    Kpi(
        code="audit.completed_on_time",
        group="audit",
        title="Audits completed on time",
        definition="Of the cases sampled in the month, the share whose final grade was decided "
        "by the audit's due date (the round's last working day).",
        unit="percent",
        polarity="up",
        numerator=lambda p, s: _audits(p, s).filter(final_grade__decided_on__lte=F("due_date")),
        denominator=_audits,
        source=SOURCE,
        default_target=D(90),
        default_green=D(90),
        default_amber=D(75),
        drill_model="case audits",
    )
)


def _grade_kpi(code, title, grades, *, polarity, target, green, amber, quarterly=False):
    finals = _quarter_finals if quarterly else _month_finals
    span = "the three months to the end of the month" if quarterly else "the month's round"
    register(
        Kpi(
            code=code,
            group="audit",
            title=title,
            definition=f"Of the audits with a final grade in {span}, the share graded "
            + " or ".join(str(Grade(g).label).lower() for g in grades)
            + ".",
            unit="percent",
            polarity=polarity,
            frequency="quarterly" if quarterly else "monthly",
            numerator=lambda p, s: finals(p, s).filter(overall_grade__in=grades),
            denominator=finals,
            source=SOURCE,
            default_target=target,
            default_green=green,
            default_amber=amber,
            drill_model="final grades",
            team_path="case_audit__team",
        )
    )


_grade_kpi(
    "audit.good_or_better",
    "Audits graded good or better",
    [Grade.OUTSTANDING, Grade.GOOD],
    polarity="up",
    target=D(60),
    green=D(60),
    amber=D(45),
)
_grade_kpi(
    "audit.outstanding",
    "Audits graded outstanding",
    [Grade.OUTSTANDING],
    polarity="up",
    target=None,
    green=None,
    amber=None,
)
_grade_kpi(
    "audit.good",
    "Audits graded good",
    [Grade.GOOD],
    polarity="up",
    target=None,
    green=None,
    amber=None,
)
_grade_kpi(
    "audit.requires_improvement",
    "Audits graded requires improvement",
    [Grade.REQUIRES_IMPROVEMENT],
    polarity="down",
    target=None,
    green=None,
    amber=None,
)
_grade_kpi(
    "audit.inadequate",
    "Audits graded inadequate",
    [Grade.INADEQUATE],
    polarity="down",
    target=D(5),
    green=D(5),
    amber=D(10),
)
_grade_kpi(
    "audit.inadequate_quarter",
    "Audits graded inadequate in the quarter",
    [Grade.INADEQUATE],
    polarity="down",
    target=D(5),
    green=D(5),
    amber=D(10),
    quarterly=True,
)


def _both_graded(period: date, scope: Scope) -> QuerySet:
    submitted = Grading.objects.filter(case_audit=OuterRef("pk"), submitted_at__isnull=False)
    return _audits(period, scope).filter(
        Exists(submitted.filter(role=Grading.Role.TEAM_MANAGER)),
        Exists(submitted.filter(role=Grading.Role.PEER_AUDITOR)),
    )


def _agreed(period: date, scope: Scope) -> QuerySet:
    peer = Grading.objects.filter(
        case_audit=OuterRef("pk"),
        role=Grading.Role.PEER_AUDITOR,
        submitted_at__isnull=False,
        overall_grade=OuterRef("manager_grade"),
    )
    manager = Grading.objects.filter(
        case_audit=OuterRef("pk"), role=Grading.Role.TEAM_MANAGER, submitted_at__isnull=False
    )
    from django.db.models import Subquery

    return (
        _both_graded(period, scope)
        .annotate(manager_grade=Subquery(manager.values("overall_grade")[:1]))
        .filter(Exists(peer))
    )


register(
    Kpi(
        code="audit.agreement_rate",
        group="audit",
        title="Team manager and peer auditor agree",
        definition="Of the month's audits graded by both auditors, the share where they gave "
        "the same overall grade.",
        unit="percent",
        polarity="up",
        numerator=_agreed,
        denominator=_both_graded,
        source=SOURCE,
        default_target=D(80),
        default_green=D(80),
        default_amber=D(65),
        drill_model="case audits",
    )
)


def _domain_agreement(position: int, title: str) -> None:
    def both(period: date, scope: Scope) -> QuerySet:
        graded = DomainGrade.objects.filter(
            grading__case_audit=OuterRef("pk"),
            grading__submitted_at__isnull=False,
            domain__title=title,
        ).exclude(grade="")
        return _audits(period, scope).filter(
            Exists(graded.filter(grading__role=Grading.Role.TEAM_MANAGER)),
            Exists(graded.filter(grading__role=Grading.Role.PEER_AUDITOR)),
        )

    def agreed(period: date, scope: Scope) -> QuerySet:
        from django.db.models import Subquery

        manager = DomainGrade.objects.filter(
            grading__case_audit=OuterRef("pk"),
            grading__role=Grading.Role.TEAM_MANAGER,
            grading__submitted_at__isnull=False,
            domain__title=title,
        )
        peer = DomainGrade.objects.filter(
            grading__case_audit=OuterRef("pk"),
            grading__role=Grading.Role.PEER_AUDITOR,
            grading__submitted_at__isnull=False,
            domain__title=title,
            grade=OuterRef("manager_domain_grade"),
        )
        return (
            both(period, scope)
            .annotate(manager_domain_grade=Subquery(manager.values("grade")[:1]))
            .filter(Exists(peer))
        )

    register(
        Kpi(
            code=f"audit.agreement_rate.domain_{position}",
            group="audit",
            title=f"Auditors agree on '{title}'",
            definition=f"Of the month's audits where both auditors graded '{title}', the share "
            "where they gave it the same grade.",
            unit="percent",
            polarity="up",
            numerator=agreed,
            denominator=both,
            source=SOURCE,
            drill_model="case audits",
        )
    )


for _position, (_title, *_rest) in enumerate(DEFAULT_DOMAINS, start=1):
    _domain_agreement(_position, _title)


def _moderated(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    moderations = Moderation.objects.filter(
        status=Moderation.Status.MODERATED,
        moderated_at__date__gte=first,
        moderated_at__date__lte=last,
    ).select_related("case_audit__child", "case_audit__team")
    return in_scope(moderations, scope, "case_audit__team")


register(
    Kpi(
        code="audit.moderation_in_timescale",
        group="audit",
        title="Moderations within timescale",
        definition="Of the moderations finished in the month, the share finished by their due "
        "date (10 working days after they were routed).",
        unit="percent",
        polarity="up",
        numerator=lambda p, s: _moderated(p, s).filter(moderated_at__date__lte=F("due_date")),
        denominator=_moderated,
        source=SOURCE,
        default_target=D(90),
        default_green=D(90),
        default_amber=D(75),
        drill_model="moderations",
        team_path="case_audit__team",
    )
)


def _reviewed_actions(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    reviews = FollowUpReview.objects.filter(
        status=FollowUpReview.Status.COMPLETED,
        completed_at__date__gte=first,
        completed_at__date__lte=last,
    )
    actions = Action.objects.filter(case_audit__in=reviews.values("case_audit_id")).exclude(
        status=Action.Status.CANCELLED
    )
    return in_scope(
        actions.select_related("case_audit__child", "case_audit__team"),
        scope,
        "case_audit__team",
    )


def _done_by_follow_up(period: date, scope: Scope) -> QuerySet:
    return _reviewed_actions(period, scope).filter(
        status=Action.Status.DONE,
        completed_on__lte=F("case_audit__follow_up_review__completed_at__date"),
    )


register(
    Kpi(
        code="audit.actions_completed_by_follow_up",
        group="audit",
        title="Actions done by the follow-up review",
        definition="Of the actions on audits whose three-month follow-up was completed in the "
        "month, the share done by the day of the follow-up.",
        unit="percent",
        polarity="up",
        numerator=_done_by_follow_up,
        denominator=_reviewed_actions,
        source=SOURCE,
        default_target=D(85),
        default_green=D(85),
        default_amber=D(70),
        drill_model="actions",
        team_path="case_audit__team",
    )
)


def _follow_ups(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    reviews = FollowUpReview.objects.filter(
        status=FollowUpReview.Status.COMPLETED,
        completed_at__date__gte=first,
        completed_at__date__lte=last,
    ).select_related("case_audit__child", "case_audit__team")
    return in_scope(reviews, scope, "case_audit__team")


register(
    Kpi(
        code="audit.follow_ups_escalated",
        group="audit",
        title="Follow-ups escalated",
        definition="Of the follow-up reviews completed in the month, the share escalated because "
        "actions were not done or practice did not improve.",
        unit="percent",
        polarity="down",
        numerator=lambda p, s: _follow_ups(p, s).filter(~Q(escalation_reason="")),
        denominator=_follow_ups,
        source=SOURCE,
        default_target=D(10),
        default_green=D(10),
        default_amber=D(20),
        drill_model="follow-up reviews",
        team_path="case_audit__team",
    )
)
