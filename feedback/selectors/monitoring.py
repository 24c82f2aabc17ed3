"""The monthly voice figures, counted in the database: a fixed handful of queries per page."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from casework.models import Team
from qaf.workdays import add_months

from ..models import (
    Answer,
    ComplaintOrCompliment,
    Invitation,
    Question,
    Response,
    SafeguardingAlert,
    Sentiment,
    VoiceTheme,
    YouSaidWeDid,
)

TREND_MONTHS = 6


def month_start(day: date) -> date:
    return day.replace(day=1)


def parse_month(value: str | None, *, default: date) -> date:
    """'2026-05' -> 1 May 2026; anything else -> ``default``."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return month_start(default)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class ThemeCell:
    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative

    @property
    def percent_positive(self) -> int | None:
        return percent(self.positive, self.total)

    @property
    def percent_neutral(self) -> int | None:
        return percent(self.neutral, self.total)

    @property
    def percent_negative(self) -> int | None:
        return percent(self.negative, self.total)


@dataclass
class ThemeRow:
    theme: str
    label: str
    cells: list[ThemeCell]

    @property
    def current(self) -> ThemeCell:
        return self.cells[-1]


@dataclass
class MonthCount:
    month: date
    responses: int = 0
    anonymous: int = 0


@dataclass
class ChoiceRow:
    label: str
    count: int
    percent: int | None


@dataclass
class ChoiceQuestion:
    text: str
    total: int = 0
    rows: list[ChoiceRow] = field(default_factory=list)


@dataclass
class VoiceMonth:
    month: date
    team: Team | None
    months: list[MonthCount]
    links_sent: int
    links_answered: int
    alerts_raised: int
    alerts_checked_in_time: int
    alerts_waiting: int
    themes: list[ThemeRow]
    choices: list[ChoiceQuestion]
    comment_count: int | None
    you_said_we_did: list[YouSaidWeDid]

    @property
    def current(self) -> MonthCount:
        return self.months[-1]

    @property
    def response_rate(self) -> int | None:
        return percent(self.links_answered, self.links_sent)

    @property
    def most_responses(self) -> int:
        return max((m.responses for m in self.months), default=0)


def _scoped(queryset: QuerySet, team: Team | None, path: str = "team") -> QuerySet:
    return queryset if team is None else queryset.filter(**{path: team})


def free_text_answers(
    *, month: date, team: Team | None, comment_teams: QuerySet[Team] | None
) -> QuerySet[Answer]:
    """Free-text answers of the month; ``comment_teams`` None means every team."""
    answers = Answer.objects.filter(
        response__month=month, question__kind=Question.Kind.FREE_TEXT
    ).exclude(text="")
    answers = _scoped(answers, team, "response__team")
    if comment_teams is not None:
        answers = answers.filter(response__team__in=comment_teams.values("pk"))
    return answers


def voice_month(
    *, month: date, team: Team | None, comment_teams: QuerySet[Team] | None, can_see_comments: bool
) -> VoiceMonth:
    """Everything the monthly voice page shows, for one team or (team None) the service."""
    first = add_months(month, 1 - TREND_MONTHS)
    following = add_months(month, 1)
    months = [add_months(first, n) for n in range(TREND_MONTHS)]

    by_month = {m: MonthCount(m) for m in months}
    for row in (
        _scoped(Response.objects.filter(month__gte=first, month__lte=month), team)
        .values("month")
        .annotate(total=Count("pk"), anonymous=Count("pk", filter=Q(is_anonymous=True)))
        .order_by()
    ):
        by_month[row["month"]].responses = row["total"]
        by_month[row["month"]].anonymous = row["anonymous"]

    links = _scoped(
        Invitation.objects.filter(sent_at__gte=_aware(month), sent_at__lt=_aware(following)), team
    ).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(status=Invitation.Status.SUBMITTED))
    )
    alerts = _scoped(
        SafeguardingAlert.objects.filter(
            raised_at__gte=_aware(month), raised_at__lt=_aware(following)
        ),
        team,
    ).aggregate(
        raised=Count("pk"),
        in_time=Count("pk", filter=Q(acknowledged_at__lte=F("escalate_after"))),
        waiting=Count("pk", filter=Q(status__in=SafeguardingAlert.WAITING_STATUSES)),
    )

    cells: dict[str, dict[date, ThemeCell]] = {}
    for row in (
        _scoped(
            Answer.objects.filter(response__month__gte=first, response__month__lte=month),
            team,
            "response__team",
        )
        .exclude(sentiment="")
        .values("response__month", "question__theme", "sentiment")
        # COUNT(*), not COUNT(id): the answer's id is not in the index that serves this.
        .annotate(n=Count("*"))
        .order_by()
    ):
        cell = cells.setdefault(row["question__theme"], {}).setdefault(
            row["response__month"], ThemeCell()
        )
        setattr(cell, Sentiment(row["sentiment"]).name.lower(), row["n"])
    themes = [
        ThemeRow(theme, label, [cells[theme].get(m, ThemeCell()) for m in months])
        for theme, label in VoiceTheme.choices
        if theme in cells
    ]

    choices: dict[str, ChoiceQuestion] = {}
    for row in (
        _scoped(
            Answer.objects.filter(response__month=month, question__kind=Question.Kind.CHOICE),
            team,
            "response__team",
        )
        .values("question__text", "choice")
        .annotate(n=Count("pk"))
        .order_by("question__text", "-n", "choice")
    ):
        question = choices.setdefault(row["question__text"], ChoiceQuestion(row["question__text"]))
        question.total += row["n"]
        question.rows.append(ChoiceRow(row["choice"], row["n"], None))
    for question in choices.values():
        for choice_row in question.rows:
            choice_row.percent = percent(choice_row.count, question.total)

    comment_count = (
        free_text_answers(month=month, team=team, comment_teams=comment_teams).count()
        if can_see_comments
        else None
    )
    you_said = list(
        YouSaidWeDid.objects.filter(Q(team__isnull=True) | Q(team=team) if team else Q())
        .filter(month__gte=first, month__lte=month)
        .select_related("team")[:5]
    )
    return VoiceMonth(
        month=month,
        team=team,
        months=[by_month[m] for m in months],
        links_sent=links["sent"],
        links_answered=links["answered"],
        alerts_raised=alerts["raised"],
        alerts_checked_in_time=alerts["in_time"],
        alerts_waiting=alerts["waiting"],
        themes=themes,
        choices=list(choices.values()),
        comment_count=comment_count,
        you_said_we_did=you_said,
    )


# Complaints and compliments: the council's financial year runs April to March.
QUARTERS = ("April to June", "July to September", "October to December", "January to March")


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


@dataclass
class RegisterFigures:
    complaints: int = 0
    stage_2: int = 0
    stage_3: int = 0
    responded: int = 0
    responded_in_time: int = 0
    upheld: int = 0
    compliments: int = 0
    passed_on: int = 0

    def add(self, other: "RegisterFigures") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def percent_in_time(self) -> int | None:
        return percent(self.responded_in_time, self.responded)


@dataclass
class RegisterSummary:
    year: int
    quarters: list[tuple[str, RegisterFigures]]
    total: RegisterFigures
    by_category: list[tuple[str, int, int]]
    by_team: list[tuple[str, int, int]]

    @property
    def label(self) -> str:
        return f"April {self.year} to March {self.year + 1}"


def register_summary(items: QuerySet[ComplaintOrCompliment], *, year: int) -> RegisterSummary:
    """Quarter and year figures for a financial year, from three grouped queries."""
    Item = ComplaintOrCompliment
    in_year = items.filter(received_on__gte=date(year, 4, 1), received_on__lt=date(year + 1, 4, 1))
    complaint = Q(kind=Item.Kind.COMPLAINT)
    quarters = [RegisterFigures() for _ in QUARTERS]
    for row in (
        in_year.annotate(m=TruncMonth("received_on"))
        .values("m")
        .annotate(
            complaints=Count("pk", filter=complaint),
            stage_2=Count("pk", filter=complaint & Q(stage__in=["stage_2", "stage_3"])),
            stage_3=Count("pk", filter=complaint & Q(stage="stage_3")),
            responded=Count("pk", filter=complaint & Q(response_sent_on__isnull=False)),
            responded_in_time=Count(
                "pk", filter=complaint & Q(response_sent_on__lte=F("response_due"))
            ),
            upheld=Count(
                "pk",
                filter=complaint & Q(outcome__in=[Item.Outcome.UPHELD, Item.Outcome.PARTLY_UPHELD]),
            ),
            compliments=Count("pk", filter=Q(kind=Item.Kind.COMPLIMENT)),
            passed_on=Count("pk", filter=Q(status=Item.Status.PASSED_ON)),
        )
        .order_by()
    ):
        month = row.pop("m")
        month = month.date() if isinstance(month, datetime) else month
        quarters[((month.month - 4) % 12) // 3].add(RegisterFigures(**row))
    total = RegisterFigures()
    for figures in quarters:
        total.add(figures)

    def pairs(group_by: str, labels: dict) -> list[tuple[str, int, int]]:
        rows = (
            in_year.values(group_by)
            .annotate(
                complaints=Count("pk", filter=complaint),
                compliments=Count("pk", filter=Q(kind=Item.Kind.COMPLIMENT)),
            )
            .order_by(group_by)
        )
        return [
            (
                labels.get(row[group_by], row[group_by] or "No team"),
                row["complaints"],
                row["compliments"],
            )
            for row in rows
        ]

    return RegisterSummary(
        year=year,
        quarters=list(zip(QUARTERS, quarters, strict=True)),
        total=total,
        by_category=pairs("category", dict(Item.Category.choices)),
        by_team=pairs("team__name", {}),
    )
