"""What a parser makes of a file: clean records and the problems it found on the way."""

import datetime as dt
from dataclasses import dataclass, field

from casework.models import Child
from qaf.workflow import WorkflowError


class ImportRefused(WorkflowError):
    """The whole file cannot be imported; nothing was written. The message is for the uploader."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A rejected or doubtful row, placed so a data officer can find it in their file."""

    REJECTED = "rejected"  # the row was not imported
    DOUBTFUL = "doubtful"  # the row was imported; this value was left out or read with care

    severity: str
    sheet: str
    row: int | None
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {
            "list": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


# Fields of Episode that hold the key dates KPIs need, in the order the docs list them.
KEY_DATE_FIELDS = (
    "assessment_authorised_date",
    "strategy_discussion_date",
    "icpc_date",
    "plan_start_date",
    "latest_review_date",
    "last_statutory_visit_date",
    "last_seen_alone_date",
    "last_social_work_visit_date",
    "last_health_check_date",
    "last_dental_check_date",
)
EPISODE_DETAIL_FIELDS = (*KEY_DATE_FIELDS, "placements_last_12_months")
# Dates read only to make case events (an episode does not keep them).
EVENT_DATE_FIELDS = ("placement_start_date", "pathway_plan_date")
# Codes read only to make case events, kept as the event's detail.
EVENT_CODE_FIELDS = ("placement_type", "abuse_category")


@dataclass(slots=True)
class ChildRecord:
    child_id: str
    display_name: str = ""
    date_of_birth: dt.date | None = None
    gender: str = Child.Gender.NOT_RECORDED
    ethnicity: str = ""
    disability: str = Child.Disability.NOT_RECORDED
    # Where each value was first read, to explain a disagreement between two rows.
    seen_at: dict = field(default_factory=dict)


@dataclass(slots=True)
class EpisodeRecord:
    """One row's episode. ``details`` holds key dates and counts (only those the file gave)."""

    child_id: str
    kind: str
    start_date: dt.date | None
    end_date: dt.date | None
    team_name: str
    worker_name: str
    sheet: str
    row: int
    source_reference: str
    # Ranks which row names a child's current worker when several do (higher wins).
    precedence: int
    # True when the file itself says the episode ended (a closure date): its worker is history.
    ended_in_file: bool = False
    # True when the file has no start date for this kind (Annex A list 9): match any open one.
    start_derived: bool = False
    details: dict = field(default_factory=dict)
    # The answer to "was the child seen alone?" at the last statutory visit, where the file says.
    seen_alone: bool | None = None
    # Codes for the events' detail (placement type, category of abuse), cleaned and shortened.
    event_codes: dict = field(default_factory=dict)
    # The file's header for each field (shared by every row of a list), to place problems.
    headers: dict = field(default_factory=dict)


@dataclass
class ParsedImport:
    """Everything read from one file, before anything is written."""

    source_family: str  # the prefix of Episode.source_reference this kind of file writes
    children: dict[str, ChildRecord]
    episodes: list[EpisodeRecord]
    problems: list[Problem]
    notes: list[str]
    # Episode kinds this file covers completely: an open case of these kinds that the file does
    # not list has closed. Empty when the file is partial.
    complete_kinds: frozenset[str]
    file_date: dt.date | None
    rows_read: int = 0
    rows_rejected: int = 0

    @property
    def rejected(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Problem.REJECTED]

    @property
    def doubtful(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == Problem.DOUBTFUL]


class RowProblems:
    """Collects the problems of one row, so a parser can say 'reject' once."""

    __slots__ = ("problems", "rejected", "row", "sheet")

    def __init__(self, problems: list[Problem], sheet: str, row: int):
        self.problems = problems
        self.sheet = sheet
        self.row = row
        self.rejected = False

    def doubtful(self, column: str, reason: str) -> None:
        self.problems.append(Problem(Problem.DOUBTFUL, self.sheet, self.row, column, reason))

    def reject(self, column: str, reason: str) -> None:
        self.rejected = True
        self.problems.append(Problem(Problem.REJECTED, self.sheet, self.row, column, reason))
