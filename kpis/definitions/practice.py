"""Practice KPIs, from the event-level case data (``casework.CaseEvent``) and the allocation
history (``casework.Allocation``). Working days leave out weekends and England and Wales bank
holidays (``qaf.workdays``).

An event counts for its episode's team. A child counts for the team of the social worker who
held the case at the end of the month.
"""

from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casework.models import Allocation, CaseEvent, Child

from ..registry import Kpi, register
from ..scopes import Scope
from .common import (
    D,
    earliest_before,
    in_scope,
    month,
    twelve_months_to,
    within_days,
    within_months,
    within_working_days,
)

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType
EVENT_TEAM = "episode__team"
CHILD_TEAM = "kpi_team"
SOURCE = "Case events from the Annex A workbook and the CSV case list"


def _case_events() -> QuerySet:
    """The case data's events. The statutory returns' events are kept for the cross-checks,
    not counted here: a placement in both Annex A and the SSDA903 is one placement."""
    return CaseEvent.objects.exclude(source__in=CaseEvent.RETURN_SOURCES)


def _events(kind: str, period: date, scope: Scope, *, on: str = "started_on") -> QuerySet:
    first, last = month(period)
    events = (
        _case_events()
        .filter(kind=kind, **{f"{on}__gte": first, f"{on}__lte": last})
        .select_related("child", "episode__team")
    )
    return in_scope(events, scope, EVENT_TEAM)


def _latest_before(kind_filter: Q, *, inclusive: bool = False):
    """The date of the child's latest event matching ``kind_filter`` before this one."""
    when = "started_on__lte" if inclusive else "started_on__lt"
    return Subquery(
        _case_events()
        .filter(kind_filter, child=OuterRef("child"), **{when: OuterRef("started_on")})
        .order_by("-started_on")
        .values("started_on")[:1]
    )


# Assessments -------------------------------------------------------------------------------------


def _assessments(period: date, scope: Scope) -> QuerySet:
    return _events(Kind.ASSESSMENT, period, scope, on="ended_on")


def _assessments_in_time(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _assessments(period, scope).filter(
        within_working_days("ended_on", "started_on", 45, first, last)
    )


register(
    Kpi(
        code="practice.assessments_in_45_days",
        group="practice",
        title="Assessments authorised within 45 working days",
        definition="Of the assessments authorised in the month, the share authorised within 45 "
        "working days of starting.",
        unit="percent",
        polarity="up",
        numerator=_assessments_in_time,
        denominator=_assessments,
        source=SOURCE,
        national_measure="Children in need census: assessments completed within 45 working days",
        default_target=D(85),
        default_green=D(85),
        default_amber=D(75),
        drill_model="assessments",
        team_path=EVENT_TEAM,
    )
)


# Conferences -------------------------------------------------------------------------------------


def _icpcs(period: date, scope: Scope) -> QuerySet:
    return (
        _events(Kind.ICPC, period, scope)
        .annotate(strategy_on=_latest_before(Q(kind=Kind.STRATEGY_DISCUSSION), inclusive=True))
        .filter(strategy_on__isnull=False)
    )


def _icpcs_in_time(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _icpcs(period, scope).filter(
        within_working_days("started_on", "strategy_on", 15, first, last)
    )


register(
    Kpi(
        code="practice.icpc_in_15_days",
        group="practice",
        title="Initial conferences within 15 working days of the strategy discussion",
        definition="Of the initial child protection conferences held in the month, the share held "
        "within 15 working days of the strategy discussion before them.",
        unit="percent",
        polarity="up",
        numerator=_icpcs_in_time,
        denominator=_icpcs,
        source=SOURCE,
        national_measure="Children in need census: ICPCs within 15 working days of the strategy "
        "discussion",
        default_target=D(85),
        default_green=D(85),
        default_amber=D(70),
        drill_model="conferences",
        team_path=EVENT_TEAM,
    )
)


def _reviews(period: date, scope: Scope) -> QuerySet:
    conferences = Q(kind__in=[Kind.ICPC, Kind.RCPC])
    previous = (
        _case_events()
        .filter(conferences, child=OuterRef("child"), started_on__lt=OuterRef("started_on"))
        .order_by("-started_on")
    )
    return (
        _events(Kind.RCPC, period, scope)
        .annotate(
            previous_on=Subquery(previous.values("started_on")[:1]),
            previous_kind=Subquery(previous.values("kind")[:1]),
        )
        .filter(previous_on__isnull=False)
    )


def _reviews_in_time(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _reviews(period, scope).filter(
        (Q(previous_kind=Kind.ICPC) & within_months("started_on", "previous_on", 3, first, last))
        | (Q(previous_kind=Kind.RCPC) & within_months("started_on", "previous_on", 6, first, last))
    )


register(
    Kpi(
        code="practice.cp_reviews_in_timescale",
        group="practice",
        title="Child protection plans reviewed in timescale",
        definition="Of the review child protection conferences held in the month, the share held "
        "within three months of the initial conference, or six months of the last review.",
        unit="percent",
        polarity="up",
        numerator=_reviews_in_time,
        denominator=_reviews,
        source=SOURCE,
        national_measure="Children in need census: CP plans reviewed within required timescales",
        default_target=D(95),
        default_green=D(95),
        default_amber=D(85),
        drill_model="review conferences",
        team_path=EVENT_TEAM,
    )
)


# Visits ------------------------------------------------------------------------------------------


def _visits(plan_type: str):
    def visits(period: date, scope: Scope) -> QuerySet:
        return (
            _events(Kind.VISIT, period, scope)
            .filter(Q(plan_type=plan_type) | Q(plan_type="", episode__kind=plan_type))
            .annotate(previous_on=_latest_before(Q(kind=Kind.VISIT)))
            .filter(previous_on__isnull=False)
        )

    return visits


def _cp_visits_in_time(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _visits(PlanType.CP)(period, scope).filter(
        within_working_days("started_on", "previous_on", 10, first, last)
    )


def _cla_visits_in_time(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _visits(PlanType.CLA)(period, scope).filter(
        within_days("started_on", "previous_on", 42, first, last)
    )


register(
    Kpi(
        code="practice.cp_visits_in_timescale",
        group="practice",
        title="Child protection visits in timescale",
        definition="Of the statutory visits to children on a child protection plan in the month, "
        "the share made within 10 working days of the visit before.",
        unit="percent",
        polarity="up",
        numerator=_cp_visits_in_time,
        denominator=_visits(PlanType.CP),
        source=SOURCE,
        default_target=D(90),
        default_green=D(90),
        default_amber=D(80),
        drill_model="visits",
        team_path=EVENT_TEAM,
    )
)
register(
    Kpi(
        code="practice.cla_visits_in_timescale",
        group="practice",
        title="Looked-after children's visits in timescale",
        definition="Of the statutory visits to looked-after children in the month, the share "
        "made within six weeks of the visit before.",
        unit="percent",
        polarity="up",
        numerator=_cla_visits_in_time,
        denominator=_visits(PlanType.CLA),
        source=SOURCE,
        default_target=D(90),
        default_green=D(90),
        default_amber=D(80),
        drill_model="visits",
        team_path=EVENT_TEAM,
    )
)


# Plans -------------------------------------------------------------------------------------------


def _plans_overdue(period: date, scope: Scope) -> QuerySet:
    _, last = month(period)
    last_review = Subquery(
        _case_events()
        .filter(
            kind__in=[Kind.REVIEW, Kind.RCPC],
            child=OuterRef("child"),
            started_on__gte=OuterRef("started_on"),
            started_on__lte=last,
        )
        .order_by("-started_on")
        .values("started_on")[:1]
    )
    plans = (
        _case_events()
        .filter(kind=Kind.PLAN, started_on__lte=last)
        .exclude(plan_type=PlanType.NONE)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=last))
        .annotate(reviewed_on=Coalesce(last_review, "started_on"))
        .filter(reviewed_on__lt=earliest_before(last, 6))
        .select_related("child", "episode__team")
    )
    return in_scope(plans, scope, EVENT_TEAM)


register(
    Kpi(
        code="practice.plans_overdue",
        group="practice",
        title="Plans overdue for review",
        definition="Plans open at the end of the month that have not been reviewed (or started) "
        "in the six months before.",
        unit="count",
        polarity="down",
        numerator=_plans_overdue,
        source=SOURCE,
        default_target=D(0),
        default_green=D(0),
        default_amber=D(5),
        drill_model="plans",
        team_path=EVENT_TEAM,
    )
)


def _cp_plans(period: date, scope: Scope) -> QuerySet:
    return _events(Kind.PLAN, period, scope).filter(plan_type=PlanType.CP)


def _second_cp_plans(period: date, scope: Scope) -> QuerySet:
    earlier = _case_events().filter(
        kind=Kind.PLAN,
        plan_type=PlanType.CP,
        child=OuterRef("child"),
        started_on__lt=OuterRef("started_on"),
    )
    return _cp_plans(period, scope).filter(Exists(earlier))


register(
    Kpi(
        code="practice.second_cp_plans",
        group="practice",
        title="Second or later child protection plans",
        definition="Of the child protection plans started in the month, the share for a child "
        "who had been on one before.",
        unit="percent",
        polarity="down",
        numerator=_second_cp_plans,
        denominator=_cp_plans,
        source=SOURCE,
        national_measure="Children in need census: CP plans that were a second or subsequent plan",
        default_target=D(20),
        default_green=D(20),
        default_amber=D(25),
        drill_model="plans",
        team_path=EVENT_TEAM,
    )
)


def _referrals(period: date, scope: Scope) -> QuerySet:
    return _events(Kind.REFERRAL, period, scope).annotate(
        previous_on=_latest_before(Q(kind=Kind.REFERRAL))
    )


def _re_referrals(period: date, scope: Scope) -> QuerySet:
    first, last = month(period)
    return _referrals(period, scope).filter(
        within_months("started_on", "previous_on", 12, first, last)
    )


register(
    Kpi(
        code="practice.re_referrals",
        group="practice",
        title="Re-referrals within 12 months",
        definition="Of the referrals in the month, the share for a child referred in the 12 "
        "months before.",
        unit="percent",
        polarity="down",
        numerator=_re_referrals,
        denominator=_referrals,
        source=SOURCE,
        national_measure="Children in need census: re-referrals within 12 months",
        default_target=D(20),
        default_green=D(20),
        default_amber=D(25),
        drill_model="referrals",
        team_path=EVENT_TEAM,
    )
)


# Children ----------------------------------------------------------------------------------------


def _children(period: date, scope: Scope, has: Q) -> QuerySet:
    """Children matching ``has``, each with the team that held their case at the month's end."""
    _, last = month(period)
    held_at_end = Allocation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=last), child=OuterRef("pk"), start_date__lte=last
    ).order_by("-start_date")
    children = Child.objects.filter(has).annotate(
        kpi_team=Subquery(held_at_end.values("team_id")[:1], output_field=IntegerField())
    )
    return in_scope(children, scope, CHILD_TEAM)


def _allocated(period: date, scope: Scope) -> QuerySet:
    _, last = month(period)
    open_at_end = Allocation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=last), start_date__lte=last
    ).values("child_id")
    return _children(period, scope, Q(pk__in=open_at_end))


def _three_plus_workers(period: date, scope: Scope) -> QuerySet:
    # One grouped pass over the allocations of the twelve months, not a count per child.
    first, last = twelve_months_to(period)
    three_or_more = (
        Allocation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first), start_date__lte=last
        )
        .order_by()
        .values("child_id")
        .annotate(workers=Count("worker_id", distinct=True))
        .filter(workers__gte=3)
        .values("child_id")
    )
    # The SSDA903's social worker episodes count too, where they show three or more workers
    # for a child the allocation history does not (a case held before the imports began).
    from_return = (
        CaseEvent.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=first),
            kind=Kind.SOCIAL_WORKER,
            source=CaseEvent.Source.SSDA903,
            started_on__lte=last,
        )
        .order_by()
        .values("child_id")
        .annotate(workers=Count("detail", distinct=True))
        .filter(workers__gte=3)
        .values("child_id")
    )
    return _allocated(period, scope).filter(Q(pk__in=three_or_more) | Q(pk__in=from_return))


register(
    Kpi(
        code="practice.three_plus_social_workers",
        group="practice",
        title="Children with 3 or more social workers in 12 months",
        definition="Of the children with an allocated social worker at the end of the month, the "
        "share who had three or more social workers in the 12 months to then (by the "
        "allocation history, or by the SSDA903's social worker episodes).",
        unit="percent",
        polarity="down",
        numerator=_three_plus_workers,
        denominator=_allocated,
        source="The allocation history built from successive case imports, and the SSDA903's "
        "social worker episodes",
        default_target=D(10),
        default_green=D(10),
        default_amber=D(15),
        drill_model="children",
        team_path=CHILD_TEAM,
    )
)


def _looked_after(period: date, scope: Scope) -> QuerySet:
    _, last = month(period)
    in_placement = (
        _case_events()
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=last),
            kind=Kind.PLACEMENT,
            started_on__lte=last,
        )
        .values("child_id")
    )
    return _children(period, scope, Q(pk__in=in_placement))


def _three_plus_placements(period: date, scope: Scope) -> QuerySet:
    first, last = twelve_months_to(period)
    three_or_more = (
        _case_events()
        .filter(kind=Kind.PLACEMENT, started_on__gte=first, started_on__lte=last)
        .order_by()
        .values("child_id")
        .annotate(placements=Count("pk"))
        .filter(placements__gte=3)
        .values("child_id")
    )
    return _looked_after(period, scope).filter(pk__in=three_or_more)


register(
    Kpi(
        code="practice.cla_three_placements",
        group="practice",
        title="Looked-after children with 3 or more placements in 12 months",
        definition="Of the children in a placement at the end of the month, the share who "
        "started three or more placements in the 12 months to then.",
        unit="percent",
        polarity="down",
        numerator=_three_plus_placements,
        denominator=_looked_after,
        source=SOURCE,
        national_measure="SSDA903: children looked after with three or more placements in the year",
        default_target=D(10),
        default_green=D(10),
        default_amber=D(12),
        drill_model="children",
        team_path=CHILD_TEAM,
    )
)
