"""A report's frozen figures laid out as sections of tables: the one layout the page, the PDF and
the workbook all show, so the three hold the same figures.

``report_sections`` is the full report for the committee; ``public_sections`` is the public
yearly summary: counts only (no free text but what was written for the public), grouped by
quarter, with small numbers hidden by ``qaf.suppression``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from audits.models import Grade
from feedback.models import Sentiment
from moderation.models import Escalation, FollowUpReview
from qaf.suppression import percent_or_none, suppress

# How a column's cells are shown, and written to the workbook.
TEXT, MONTH, DATE, COUNT, PERCENT, NUMBER = "text", "month", "date", "count", "percent", "number"
NUMERIC = {COUNT, PERCENT, NUMBER}
HIDDEN = "hidden"

SUPPRESSION_NOTE = (
    "To protect the privacy of children and families, we do not show any number under 10. "
    "Where one number in a row or column is hidden, we also hide the next smallest, so that "
    "the hidden number cannot be worked out by taking the others away from the total. "
    "Hidden numbers are shown as “hidden”. Percentages are left out where they would give "
    "a hidden number away."
)


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = COUNT

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    empty: str = "Nothing was recorded in this period."
    public: bool = False

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        """Each row as (text, numeric) cells, for the page and the PDF."""
        return [
            [
                (show(value, column.kind, public=self.public), column.numeric)
                for column, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    sheet: str


def to_date(value):
    """An ISO date from the frozen figures as a date; any other text (a "Total" row) as it is."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _figure(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def show(value, kind: str, *, public: bool = False) -> str:
    """A cell as words on the page."""
    if value is None:
        return HIDDEN if public else "no figure"
    if kind in (MONTH, DATE):
        day = to_date(value)
        if not isinstance(day, date):
            return str(day)
        return f"{day:%B %Y}" if kind == MONTH else f"{day:%-d %B %Y}"
    if kind == PERCENT:
        return f"{_figure(value)}%"
    if kind == NUMBER:
        return _figure(value)
    return str(value)


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


GRADE_LABELS = dict(Grade.choices)
GRADES = list(Grade.values)
ESCALATION_LABELS = dict(Escalation.Kind.choices)
OUTCOME_LABELS = dict(FollowUpReview.Outcome.choices)
SENTIMENTS = list(Sentiment.values)
SENTIMENT_LABELS = dict(Sentiment.choices)
RAG_WORDS = {"green": "On target", "amber": "Close to target", "red": "Off target", "": "No target"}


def _measures(key: str, caption: str, rows: list[tuple]) -> Table:
    return Table(
        key,
        caption,
        [Column("Measure", TEXT), Column("Number"), Column("Percentage", PERCENT)],
        [list(row) for row in rows],
    )


def _measured_as(kpi: dict) -> str:
    return "percentage" if kpi["unit"] == "percent" else "count"


def report_sections(figures: dict) -> list[Section]:
    """The full report, section by section."""
    audit, voice, register = figures["audit"], figures["voice"], figures["register"]
    months = audit["months"]
    grade_columns = [Column(GRADE_LABELS[g]) for g in GRADES]
    audit_months = Table(
        "audit-months",
        "Audits month by month",
        [Column("Month", MONTH), Column("Cases sampled"), Column("Audits graded"), *grade_columns],
        [[m["month"], m["sampled"], m["graded"], *(m[g] for g in GRADES)] for m in months],
    )
    if months:
        audit_months.rows.append(
            [
                "Total",
                sum(m["sampled"] for m in months),
                sum(m["graded"] for m in months),
                *(sum(m[g] for m in months) for g in GRADES),
            ]
        )
    previous = audit["previous_period"]
    this_total = sum(audit["grades"]["this"].values())
    before_total = sum(audit["grades"]["previous"].values())
    grades = Table(
        "grades",
        "Final grades, this period and the one before",
        [
            Column("Grade", TEXT),
            Column("This period"),
            Column("This period (%)", PERCENT),
            Column(f"{to_date(previous['start']):%B %Y} to {to_date(previous['end']):%B %Y}"),
            Column("Period before (%)", PERCENT),
        ],
        [
            [
                GRADE_LABELS[g],
                audit["grades"]["this"][g],
                pct(audit["grades"]["this"][g], this_total),
                audit["grades"]["previous"][g],
                pct(audit["grades"]["previous"][g], before_total),
            ]
            for g in GRADES
        ],
    )
    agreement, moderation = audit["agreement"], audit["moderation"]
    actions, follow_ups = audit["actions"], audit["follow_ups"]
    completed_reviews = sum(follow_ups[o] for o in OUTCOME_LABELS)
    loop = _measures(
        "loop",
        "Agreement, moderation, actions and follow-ups",
        [
            ("Final grades given", agreement["final"], None),
            (
                "Agreed by both auditors without moderation",
                agreement["agreed"],
                pct(agreement["agreed"], agreement["final"]),
            ),
            ("Sent to moderation", moderation["routed"], None),
            ("Moderations done", moderation["moderated"], None),
            (
                "Moderations done within the timescale",
                moderation["in_time"],
                pct(moderation["in_time"], moderation["moderated"]),
            ),
            ("Actions set", actions["set"], None),
            ("Actions done", actions["done"], None),
            (
                "Actions done by their due date",
                actions["done_in_time"],
                pct(actions["done_in_time"], actions["done"]),
            ),
            ("Actions still open past their due date", actions["open_past_due"], None),
            ("Follow-up reviews completed", completed_reviews, None),
            *(
                (
                    f"Follow-up found: {label.lower()}",
                    follow_ups[value],
                    pct(follow_ups[value], completed_reviews),
                )
                for value, label in OUTCOME_LABELS.items()
            ),
            ("Cases put forward for re-audit", follow_ups["re_audit"], None),
        ],
    )
    themes = Table(
        "themes",
        "Learning themes the audits found",
        [Column("Theme", TEXT), Column("Audits")],
        [[row["theme"], row["audits"]] for row in audit["themes"]],
        empty="No learning themes were recorded on this period's audits.",
    )
    activities = Table(
        "activities",
        "Learning activities",
        [Column("Activity", TEXT), Column("Held"), Column("People attending")],
        [[row["kind"], row["held"], row["attendance"]] for row in audit["activities"]],
    )
    escalations = Table(
        "escalations",
        "Escalations to the head of service",
        [Column("Reason", TEXT), Column("Escalations")],
        [[label, audit["escalations"].get(value, 0)] for value, label in ESCALATION_LABELS.items()],
    )

    links, alerts, participation = voice["links"], voice["alerts"], voice["participation"]
    responses = Table(
        "responses",
        "Responses month by month",
        [Column("Month", MONTH), Column("Responses")],
        [[m["month"], m["responses"]] for m in voice["months"]],
    )
    voice_measures = _measures(
        "voice-measures",
        "Links, alerts and participation",
        [
            ("Feedback links sent", links["sent"], None),
            ("Links answered", links["answered"], pct(links["answered"], links["sent"])),
            ("Safeguarding alerts raised", alerts["raised"], None),
            (
                "Alerts checked within the time allowed",
                alerts["checked_in_time"],
                pct(alerts["checked_in_time"], alerts["raised"]),
            ),
            ("Participation group sessions", participation["sessions"], None),
            ("Children and young people attending (all sessions)", participation["attended"], None),
        ],
    )
    experience = Table(
        "experience",
        "Key experience answers",
        [
            Column("What we asked about", TEXT),
            *(Column(SENTIMENT_LABELS[s]) for s in SENTIMENTS),
            Column("Positive (%)", PERCENT),
        ],
        [
            [
                row["theme"],
                *(row[s] for s in SENTIMENTS),
                pct(row["positive"], sum(row[s] for s in SENTIMENTS)),
            ]
            for row in voice["experience"]
        ],
    )
    you_said = Table(
        "you-said-we-did",
        "You said, we did",
        [
            Column("Month", MONTH),
            Column("About", TEXT),
            Column("You said", TEXT),
            Column("We did", TEXT),
        ],
        [[e["month"], e["theme"], e["you_said"], e["we_did"]] for e in voice["you_said_we_did"]],
        empty="No “You said, we did” was recorded in this period.",
    )
    views = Table(
        "participation-views",
        "What participation groups told us",
        [Column("Date", DATE), Column("Group", TEXT), Column("Their views", TEXT)],
        [[v["held_on"], v["group"], v["views"]] for v in participation["views"]],
        empty="No participation group met in this period.",
    )

    totals = register["totals"]
    register_measures = _measures(
        "register-measures",
        "Received, answered and upheld",
        [
            ("Complaints received", totals["complaints"], None),
            ("Complaints answered", totals["responded"], None),
            (
                "Answered by the date due",
                totals["responded_in_time"],
                pct(totals["responded_in_time"], totals["responded"]),
            ),
            (
                "Upheld or partly upheld",
                totals["upheld"],
                pct(totals["upheld"], totals["complaints"]),
            ),
            ("Compliments received", totals["compliments"], None),
            ("Compliments passed on to the people named", totals["passed_on"], None),
        ],
    )
    by_category = Table(
        "register-categories",
        "By what they were about",
        [Column("About", TEXT), Column("Complaints"), Column("Compliments")],
        [[c["category"], c["complaints"], c["compliments"]] for c in register["by_category"]],
    )

    kpis = Table(
        "kpis",
        "KPIs against their targets, at the end of the period",
        [
            Column("KPI", TEXT),
            Column("Month", MONTH),
            Column("Measured as", TEXT),
            Column("Figure", NUMBER),
            Column("Target", NUMBER),
            Column("Against target", TEXT),
        ],
        [
            [
                k["title"],
                k["month"],
                _measured_as(k),
                k["value"],
                k["target"],
                RAG_WORDS.get(k["rag"], k["rag"]) if k["value"] is not None else "No figure",
            ]
            for k in figures["kpis"]
        ],
        empty="No KPIs were counted for this period.",
    )
    return [
        Section(
            "audit",
            "Audit activity",
            [audit_months, grades, loop, themes, activities, escalations],
            "Audit",
        ),
        Section(
            "voice",
            "Voice of children and families",
            [responses, voice_measures, experience, you_said, views],
            "Voice",
        ),
        Section(
            "register", "Complaints and compliments", [register_measures, by_category], "Complaints"
        ),
        Section("kpis", "KPIs against targets", [kpis], "KPIs"),
    ]


# The public yearly summary ---------------------------------------------------------------------

QUARTER_NAMES = ("April to June", "July to September", "October to December", "January to March")


def _by_quarter(months: list[dict], names: list[str]) -> list[list[int]]:
    """Monthly rows of a financial year summed into its four quarters."""
    quarters = [[0] * len(names) for _ in QUARTER_NAMES]
    for month in months:
        index = ((to_date(month["month"]).month - 4) % 12) // 3
        for position, name in enumerate(names):
            quarters[index][position] += month[name]
    return quarters


def _suppressed(key, caption, columns, labels, counts, *, total_row=True) -> Table:
    """A table of counts with a total row, its small numbers hidden."""
    rows = [list(row) for row in counts]
    if total_row:
        rows.append([sum(column) for column in zip(*counts, strict=True)] if counts else [])
        labels = [*labels, "Whole year"]
    hidden = suppress(rows)
    return Table(
        key,
        caption,
        columns,
        [[label, *row] for label, row in zip(labels, hidden, strict=True)],
        public=True,
    )


def public_sections(figures: dict) -> list[Section]:
    """The yearly summary the public reads: counts by quarter, small numbers hidden."""
    audit, voice, register = figures["audit"], figures["voice"], figures["register"]
    names = ["sampled", "graded", *GRADES]
    audit_table = _suppressed(
        "audits",
        "Case audits by quarter",
        [
            Column("Quarter", TEXT),
            Column("Cases checked"),
            Column("Audits finished"),
            *(Column(GRADE_LABELS[g]) for g in GRADES),
        ],
        list(QUARTER_NAMES),
        _by_quarter(audit["months"], names),
    )
    graded = sum(m["graded"] for m in audit["months"])
    good = sum(m[Grade.OUTSTANDING] + m[Grade.GOOD] for m in audit["months"])
    agreement = audit["agreement"]
    audit_measures = Table(
        "audit-measures",
        "How our audits went over the year",
        [Column("Measure", TEXT), Column("Percentage", PERCENT)],
        [
            ["Audits graded good or outstanding", percent_or_none(good, graded)],
            [
                "Audits where both auditors agreed the grade",
                percent_or_none(agreement["agreed"], agreement["final"]),
            ],
        ],
        public=True,
    )
    responses = _suppressed(
        "responses",
        "Feedback from children and families by quarter",
        [Column("Quarter", TEXT), Column("Responses")],
        list(QUARTER_NAMES),
        _by_quarter(voice["months"], ["responses"]),
    )
    experience_counts = [[row[s] for s in SENTIMENTS] for row in voice["experience"]]
    experience_rows = suppress([[*counts, sum(counts)] for counts in experience_counts])
    experience = Table(
        "experience",
        "What children and families told us",
        [
            Column("What we asked about", TEXT),
            *(Column(SENTIMENT_LABELS[s]) for s in SENTIMENTS),
            Column("Answers"),
            Column("Positive (%)", PERCENT),
        ],
        [
            [
                row["theme"],
                *cells,
                percent_or_none(row["positive"], sum(row[s] for s in SENTIMENTS)),
            ]
            for row, cells in zip(voice["experience"], experience_rows, strict=True)
        ],
        public=True,
    )
    you_said = Table(
        "you-said-we-did",
        "You said, we did",
        [Column("Month", MONTH), Column("You said", TEXT), Column("We did", TEXT)],
        [[e["month"], e["you_said"], e["we_did"]] for e in voice["you_said_we_did"] if e["public"]],
        empty="There is nothing to show here for this year.",
        public=True,
    )
    categories = register["by_category"]
    register_table = _suppressed(
        "register",
        "Complaints and compliments by what they were about",
        [Column("About", TEXT), Column("Complaints"), Column("Compliments")],
        [c["category"] for c in categories],
        [[c["complaints"], c["compliments"]] for c in categories],
    )
    kpi_rows = []
    for k in figures["kpis"]:
        if k.get("unit") == "percent":
            figure = percent_or_none(k.get("numerator"), k.get("denominator"))
        else:
            figure = k["value"] if k["value"] is not None and k["value"] >= 10 else None
        kpi_rows.append([k["title"], _measured_as(k), figure])
    kpis = Table(
        "kpis",
        "Our KPIs in the last month of the year",
        [Column("KPI", TEXT), Column("Measured as", TEXT), Column("Figure", NUMBER)],
        kpi_rows,
        public=True,
    )
    return [
        Section("audit", "Checking our work", [audit_table, audit_measures], "Audit"),
        Section(
            "voice",
            "Listening to children and families",
            [responses, experience, you_said],
            "Voice",
        ),
        Section("register", "Complaints and compliments", [register_table], "Complaints"),
        Section("kpis", "How we are doing", [kpis], "KPIs"),
    ]
