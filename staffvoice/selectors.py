"""Reads for staff voice: what each person may see, and results that never single anyone out."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from casework.models import ServiceArea, Team, TeamMembership
from casework.selectors import teams_recognised
from qaf.roles import Role

from .models import (
    AnonymousComment,
    AnonymousResponse,
    CircleMeeting,
    CircleSuggestion,
    Participation,
    QualityCircle,
    Recognition,
    StaffQuestion,
    StaffSurvey,
)
from .services import minimum_group

RESULT_ROLES = (Role.QA_OFFICER, Role.SENIOR_MANAGER, Role.DIRECTOR)
MONITORING_ROLES = (Role.QA_OFFICER, Role.SENIOR_MANAGER, Role.DIRECTOR, Role.TEAM_MANAGER)
RECOGNITION_WRITERS = (Role.QA_OFFICER, Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR)
ANSWER_ROLES = (Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR)


# Surveys -------------------------------------------------------------------------------------


def surveys_open_to(user) -> QuerySet[StaffSurvey]:
    """Open surveys, each marked with whether ``user`` has already answered it."""
    return StaffSurvey.objects.filter(status=StaffSurvey.Status.OPEN).annotate(
        answered=Exists(Participation.objects.filter(user=user, survey=OuterRef("pk")))
    )


def surveys_for_qa() -> QuerySet[StaffSurvey]:
    return StaffSurvey.objects.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    )


def suppressed(sizes: dict, minimum: int) -> set:
    """The groups whose figures must not be shown: those under ``minimum``, and then the
    next-smallest shown group too, until the hidden groups cannot be worked out by subtracting
    the shown ones from the total (there are none hidden, or at least two whose answers together
    reach the minimum)."""
    hidden = {key for key, size in sizes.items() if size < minimum}
    shown = sorted((size, str(key), key) for key, size in sizes.items() if key not in hidden)
    while hidden and shown:
        hidden_total = sum(sizes[key] for key in hidden)
        if len(hidden) >= 2 and (hidden_total == 0 or hidden_total >= minimum):
            break
        if len(hidden) == 1 and hidden_total == 0:
            break
        hidden.add(shown.pop(0)[2])
    return hidden


@dataclass
class QuestionResult:
    question: StaffQuestion
    counts: list[int]
    answered: int

    @property
    def agree_percent(self) -> int:
        return (
            round(100 * (self.counts[3] + self.counts[4]) / self.answered) if self.answered else 0
        )

    @property
    def average(self) -> float:
        total = sum(score * count for score, count in enumerate(self.counts, 1))
        return round(total / self.answered, 1) if self.answered else 0.0


@dataclass
class GroupResult:
    label: str
    responses: int
    shown: bool
    reason: str = ""
    questions: list[QuestionResult] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: StaffSurvey
    minimum: int
    total: int
    overall: GroupResult
    areas: list[GroupResult]
    teams: list[GroupResult]
    comments: list[AnonymousComment]
    comments_shown: bool
    comments_to_check: int


def _question_results(questions, rows) -> list[QuestionResult]:
    results = []
    for question in questions:
        counts = [0] * 5
        for scores in rows:
            value = scores.get(str(question.pk))
            if value in (1, 2, 3, 4, 5):
                counts[value - 1] += 1
        results.append(QuestionResult(question, counts, sum(counts)))
    return results


def _groups(label_of: dict, rows_by_key: dict, questions, minimum: int, small_words: str):
    sizes = {key: len(rows_by_key.get(key, [])) for key in label_of}
    hidden = suppressed(sizes, minimum)
    groups = []
    for key, label in label_of.items():
        size = sizes[key]
        if key not in hidden:
            groups.append(
                GroupResult(
                    label, size, True, questions=_question_results(questions, rows_by_key[key])
                )
            )
        elif size < minimum:
            groups.append(GroupResult(label, size, False, small_words))
        else:
            groups.append(
                GroupResult(
                    label,
                    size,
                    False,
                    "Hidden so that a smaller group's answers cannot be worked out from it",
                )
            )
    return groups


def survey_results(survey: StaffSurvey) -> SurveyResults:
    """Figures for the whole service, each service area and each team, with every group under
    the minimum hidden and one more hidden beside it; comments only when enough people answered
    and a QA officer has checked them."""
    minimum = minimum_group()
    questions = [q for q in survey.questions.all() if q.is_scale]
    rows = list(survey.responses.values_list("service_area_id", "team_id", "scores"))
    total = len(rows)
    overall = GroupResult(
        "Whole service",
        total,
        total >= minimum,
        "" if total >= minimum else f"Fewer than {minimum} people have answered",
        _question_results(questions, [r[2] for r in rows]) if total >= minimum else [],
    )
    by_area, by_team = defaultdict(list), defaultdict(list)
    for area_id, team_id, scores in rows:
        by_area[area_id].append(scores)
        by_team[team_id].append(scores)
    small = f"Fewer than {minimum} answers"
    area_labels = {
        a.pk: a.name for a in ServiceArea.objects.filter(teams__in=teams_recognised()).distinct()
    }
    area_labels[None] = "Not recorded: the person's area had too few staff"
    team_labels = {t.pk: t.name for t in teams_recognised()}
    team_labels[None] = "Not recorded: the person's team had too few staff"
    if total < minimum:
        areas = [
            GroupResult(label, len(by_area.get(k, [])), False, small)
            for k, label in area_labels.items()
        ]
        teams = [
            GroupResult(label, len(by_team.get(k, [])), False, small)
            for k, label in team_labels.items()
        ]
    else:
        areas = _groups(area_labels, by_area, questions, minimum, small)
        teams = _groups(team_labels, by_team, questions, minimum, small)
    comments_shown = total >= minimum
    comments = (
        list(
            survey.comments.filter(status=AnonymousComment.Status.APPROVED).select_related(
                "question"
            )
        )
        if comments_shown
        else []
    )
    return SurveyResults(
        survey=survey,
        minimum=minimum,
        total=total,
        overall=overall,
        areas=areas,
        teams=teams,
        comments=comments,
        comments_shown=comments_shown,
        comments_to_check=survey.comments.filter(status=AnonymousComment.Status.TO_CHECK).count(),
    )


def comments_to_check() -> QuerySet[AnonymousComment]:
    return AnonymousComment.objects.filter(status=AnonymousComment.Status.TO_CHECK).select_related(
        "survey", "question"
    )


def comments_checked() -> QuerySet[AnonymousComment]:
    return AnonymousComment.objects.exclude(status=AnonymousComment.Status.TO_CHECK).select_related(
        "survey", "question"
    )


# Circles -------------------------------------------------------------------------------------


def sees_all_circles(user) -> bool:
    return any(user.has_role(role) for role in (Role.QA_OFFICER, *ANSWER_ROLES))


def circles_visible_to(user) -> QuerySet[QualityCircle]:
    """QA officers and managers see every circle (managers answer them); others their own."""
    circles = QualityCircle.objects.select_related("facilitator").annotate(
        member_count=Count("members", distinct=True),
        open_count=Count(
            "meetings__suggestions",
            filter=Q(meetings__suggestions__status=CircleSuggestion.Status.OPEN),
            distinct=True,
        ),
    )
    if sees_all_circles(user):
        return circles
    return circles.filter(
        Exists(
            QualityCircle.members.through.objects.filter(
                qualitycircle_id=OuterRef("pk"), user_id=user.pk
            )
        )
    )


def circle_meetings(circle: QualityCircle) -> QuerySet[CircleMeeting]:
    return circle.meetings.prefetch_related(
        Prefetch("suggestions", queryset=CircleSuggestion.objects.select_related("answered_by"))
    )


def suggestions_visible_to(user) -> QuerySet[CircleSuggestion]:
    return CircleSuggestion.objects.filter(
        meeting__circle__in=circles_visible_to(user).values("pk")
    )


# Recognition ---------------------------------------------------------------------------------


def teams_whose_recognition_user_sees(user) -> QuerySet[Team]:
    """Everyone sees their own teams'; senior managers their areas'; QA and the director all."""
    if user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR):
        return teams_recognised()
    own = TeamMembership.objects.filter(user=user, end_date__isnull=True).values("team_id")
    return (
        teams_recognised()
        .filter(
            Q(pk__in=own)
            | Q(service_area__senior_managers=user)
            | Q(service_area__head_of_service=user)
        )
        .distinct()
    )


def recognition_teams_for(user) -> QuerySet[Team]:
    """The teams ``user`` may record thanks for: every team for QA officers and the director,
    their areas' for senior managers, their own for team managers."""
    if user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR):
        return teams_recognised()
    managed = TeamMembership.objects.filter(
        user=user, end_date__isnull=True, role=TeamMembership.Role.MANAGER
    ).values("team_id")
    return (
        teams_recognised()
        .filter(
            Q(pk__in=managed)
            | Q(service_area__senior_managers=user)
            | Q(service_area__head_of_service=user)
        )
        .distinct()
    )


def recognition_people_for(user) -> QuerySet:
    """The people ``user`` may record thanks for: everyone in the teams they may thank."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(is_active=True)
    if user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR):
        return people
    return people.filter(
        team_memberships__end_date__isnull=True,
        team_memberships__team__in=recognition_teams_for(user),
    ).distinct()


def recognition_for_person(user) -> QuerySet[Recognition]:
    return Recognition.objects.filter(person=user).select_related("person", "team")


def recognition_for_team(team: Team) -> QuerySet[Recognition]:
    return Recognition.objects.filter(team=team).select_related("person", "team")


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(key: tuple[int, int]) -> str:
    year, quarter = key
    return f"{year} Q{quarter}"


def last_quarters(today: date, count: int) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    keys = []
    for _ in range(count):
        keys.append((year, quarter))
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return list(reversed(keys))


def _quarter_start(key: tuple[int, int]) -> date:
    year, quarter = key
    return date(year, 3 * quarter - 2, 1)


def counts_by_quarter(dates, quarters) -> list[int]:
    tally = Counter(quarter_of(day) for day in dates if day is not None)
    return [tally.get(key, 0) for key in quarters]


@dataclass
class MonitoringRow:
    label: str
    counts: list[int]


def recognition_rows(keys) -> list[MonitoringRow]:
    """Recognition in each quarter of ``keys``, in all and by where it came from. One query."""
    recognitions = list(
        Recognition.objects.filter(received_on__gte=_quarter_start(keys[0])).values_list(
            "received_on", "source"
        )
    )
    rows = [
        MonitoringRow("Recognition, all", counts_by_quarter([d for d, _ in recognitions], keys))
    ]
    for value, label in Recognition.Source.choices:
        rows.append(
            MonitoringRow(
                f"From {label[0].lower()}{label[1:]}",
                counts_by_quarter([d for d, s in recognitions if s == value], keys),
            )
        )
    return rows


def staff_voice_monitoring(*, today: date, quarters: int = 4) -> dict:
    """Counts per quarter: recognition (by source), circle meetings, suggestions made and
    answered, and staff survey answers (counted by the ISO week they came in)."""
    keys = last_quarters(today, quarters)
    since = _quarter_start(keys[0])
    rows = recognition_rows(keys)
    meetings = list(
        CircleMeeting.objects.filter(met_on__gte=since).values_list("met_on", flat=True)
    )
    suggestions = list(
        CircleSuggestion.objects.filter(meeting__met_on__gte=since).values_list(
            "meeting__met_on", "answered_on"
        )
    )
    circle_rows = [
        MonitoringRow("Circle meetings", counts_by_quarter(meetings, keys)),
        MonitoringRow("Suggestions made", counts_by_quarter([m for m, _ in suggestions], keys)),
        MonitoringRow(
            "Suggestions answered", counts_by_quarter([a for _, a in suggestions if a], keys)
        ),
    ]
    weeks = AnonymousResponse.objects.values_list("week", flat=True)
    answer_dates = [date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in weeks]
    survey_rows = [MonitoringRow("Staff survey answers", counts_by_quarter(answer_dates, keys))]
    return {
        "quarters": [quarter_label(key) for key in keys],
        "recognition_rows": rows,
        "circle_rows": circle_rows,
        "survey_rows": survey_rows,
        "circles": QualityCircle.objects.count(),
        "open_suggestions": CircleSuggestion.objects.filter(
            status=CircleSuggestion.Status.OPEN
        ).count(),
    }


def recognition_panel(user, month: date):
    """The voice monitoring page's count of recognition, quarter by quarter up to ``month``."""
    from django.urls import reverse

    from qaf.monitoring import Panel

    keys = last_quarters(month, 4)
    return Panel(
        title="Recognition of staff and teams",
        columns=[quarter_label(key) for key in keys],
        rows=[(row.label, row.counts) for row in recognition_rows(keys)],
        link_text="Staff voice figures",
        link_url=reverse("staffvoice:monitoring"),
    )
