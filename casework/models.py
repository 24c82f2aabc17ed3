"""The service and its children: structure, people, cases and their key dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ServiceArea(models.Model):
    """A part of the service led by senior managers (service manager, head of service)."""

    name = models.CharField(max_length=120, unique=True)
    senior_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="senior_manager_of"
    )
    head_of_service = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="head_of_service_of",
        help_text="Receives escalations from follow-up reviews.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    is_duty = models.BooleanField(
        default=False,
        help_text="Receives safeguarding alerts for children with no allocated worker.",
    )
    awaiting_review = models.BooleanField(
        default=False,
        help_text=(
            "Named by an import but not recognised: a QA officer maps it to a team or adds it "
            "to a service area. Until then it is not sampled or shown in summaries."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamAlias(models.Model):
    """Another name a case file uses for a team, remembered when a QA officer maps it."""

    name = models.CharField(max_length=120, help_text="The name as the file wrote it.")
    normalised_name = models.CharField(max_length=120, unique=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="aliases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "team aliases"

    def __str__(self) -> str:
        return f"{self.name} (means {self.team})"


class TeamMembership(models.Model):
    """A person's place in a team over time; the team manager is the line manager."""

    class Role(models.TextChoices):
        MANAGER = "manager", "Team manager"
        PRACTITIONER = "practitioner", "Practitioner"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team", "-role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="team_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["team", "role", "end_date"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class Child(models.Model):
    """A child or young person, with no more personal data than the framework needs."""

    class Gender(models.TextChoices):
        MALE = "male", "Male"
        FEMALE = "female", "Female"
        OTHER = "other", "Other"
        NOT_RECORDED = "not_recorded", "Not recorded"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_RECORDED = "not_recorded", "Not recorded"

    child_id = models.CharField(
        "case-management ID",
        max_length=64,
        unique=True,
        help_text="The case-management system's unique ID, e.g. Annex A 'Child Unique ID'.",
    )
    display_name = models.CharField(
        max_length=60, blank=True, help_text="Initials or preferred first name only."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED)
    ethnicity = models.CharField(max_length=20, blank=True, help_text="Census ethnicity code.")
    disability = models.CharField(
        max_length=20, choices=Disability.choices, default=Disability.NOT_RECORDED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child_id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.display_name or self.child_id


class Episode(models.Model):
    """A child's involvement of one kind with its dates, team and the key dates KPIs need."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "Contact"
        EARLY_HELP = "early_help", "Early help"
        REFERRAL = "referral", "Referral"
        ASSESSMENT = "assessment", "Assessment"
        SECTION_47 = "section_47", "Section 47 enquiry"
        CIN = "cin", "Child in need"
        CP = "cp", "Child protection"
        CLA = "cla", "Child looked after"
        CARE_LEAVER = "care_leaver", "Care leaver"

    # The kinds that make a case: these are sampled and audited.
    CASE_KINDS = (Kind.EARLY_HELP, Kind.CIN, Kind.CP, Kind.CLA, Kind.CARE_LEAVER)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="episodes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="episodes"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    source_reference = models.CharField(
        max_length=120, blank=True, help_text="Where the episode came from, e.g. 'Annex A list 8'."
    )

    # Key dates (null where they do not apply to this kind of episode).
    assessment_authorised_date = models.DateField(null=True, blank=True)
    strategy_discussion_date = models.DateField(null=True, blank=True)
    icpc_date = models.DateField("initial child protection conference", null=True, blank=True)
    plan_start_date = models.DateField(null=True, blank=True)
    latest_review_date = models.DateField(null=True, blank=True)
    last_statutory_visit_date = models.DateField(null=True, blank=True)
    last_seen_alone_date = models.DateField(null=True, blank=True)
    last_social_work_visit_date = models.DateField(null=True, blank=True)
    last_health_check_date = models.DateField(null=True, blank=True)
    last_dental_check_date = models.DateField(null=True, blank=True)
    placements_last_12_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="episode_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "kind", "start_date"], name="one_episode_per_child_kind_start"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "kind", "end_date"]),
            models.Index(fields=["kind", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child} from {self.start_date:%d %b %Y}"


class CaseEvent(models.Model):
    """One dated event in a child's case, kept as its own record so practice KPIs can count it.

    An episode keeps only its latest dates; KPIs need every referral, assessment, conference,
    plan, review, visit and placement. Each import source writes its own rows (``source``), and
    re-importing the same file writes nothing new: a row is the same event when its child, kind,
    plan type and start date match within one source.
    """

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referral"
        ASSESSMENT = "assessment", "Assessment"
        STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
        SECTION_47 = "section_47", "Section 47 enquiry"
        ICPC = "icpc", "Initial child protection conference"
        RCPC = "rcpc", "Review child protection conference"
        PLAN = "plan", "Plan"
        REVIEW = "review", "Review"
        VISIT = "visit", "Statutory visit"
        PLACEMENT = "placement", "Placement"
        MISSING = "missing", "Missing episode"
        LEGAL_STATUS = "legal_status", "Legal status"
        SOCIAL_WORKER = "social_worker", "Social worker episode"

    class PlanType(models.TextChoices):
        NONE = "", "Not a plan"
        CIN = "cin", "Child in need plan"
        CP = "cp", "Child protection plan"
        CLA = "cla", "Care plan (looked after)"
        PATHWAY = "pathway", "Pathway plan (care leaver)"

    class Source(models.TextChoices):
        ANNEX_A = "annex_a", "Ofsted Annex A workbook"
        CASE_CSV = "case_csv", "CSV case list"
        SSDA903 = "ssda903", "SSDA903 return"
        CIN_CENSUS = "cin_census", "Children in need census"
        DEMO = "demo", "Demonstration data"

    # The statutory returns: kept beside the case data for cross-checks, not added to it.
    RETURN_SOURCES = (Source.SSDA903, Source.CIN_CENSUS)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="events")
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    plan_type = models.CharField(max_length=10, choices=PlanType.choices, blank=True, default="")
    started_on = models.DateField(help_text="When it happened, or began.")
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="When it ended: an assessment's authorisation, a plan's or placement's end.",
    )
    seen_alone = models.BooleanField(null=True, blank=True, help_text="Visits only.")
    detail = models.CharField(
        max_length=40,
        blank=True,
        help_text="A code from the source: placement type, category of abuse, outcome.",
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "started_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="case_event_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "kind", "plan_type", "started_on", "source"],
                name="one_case_event_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "started_on"]),
            models.Index(fields=["kind", "plan_type", "ended_on"]),
        ]

    def __str__(self) -> str:
        what = self.get_plan_type_display() if self.plan_type else self.get_kind_display()
        return f"{what} for {self.child} on {self.started_on:%d %b %Y}"

    @property
    def label(self) -> str:
        """What happened, in words: 'Child protection plan', 'Statutory visit (looked after)'."""
        if self.kind == self.Kind.PLAN and self.plan_type:
            return self.get_plan_type_display()
        if self.plan_type:
            return f"{self.get_kind_display()} ({PLAN_WORDS[self.plan_type]})"
        return self.get_kind_display()

    @property
    def outcome(self) -> str:
        """The end of it, in words: authorised, ended, seen alone or not; '' when not known."""
        if self.kind == self.Kind.VISIT and self.seen_alone is not None:
            return "Seen alone" if self.seen_alone else "Not seen alone"
        if self.ended_on is None:
            return ""
        verb = "Authorised" if self.kind == self.Kind.ASSESSMENT else "Ended"
        return f"{verb} {self.ended_on.day} {self.ended_on:%B %Y}"


PLAN_WORDS = {
    CaseEvent.PlanType.CIN: "child in need",
    CaseEvent.PlanType.CP: "child protection",
    CaseEvent.PlanType.CLA: "looked after",
    CaseEvent.PlanType.PATHWAY: "care leaver",
}


class Allocation(models.Model):
    """Which social worker held a child's case, from when to when (built from import snapshots)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_start",
            ),
            # A child has at most one allocated social worker at a time.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="one_open_allocation_per_child",
            ),
        ]
        indexes = [models.Index(fields=["worker", "end_date"])]

    def __str__(self) -> str:
        return f"{self.worker} for {self.child} from {self.start_date:%d %b %Y}"


class ChildAccessLog(models.Model):
    """Who opened which child's record, and through which page. Never edited.

    The entry outlives the child's record: it keeps the case-management ID as text, so the log
    still says whose record was opened after the child is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="child_accesses"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    child_ref = models.CharField("case-management ID", max_length=64, db_index=True)
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    context = models.CharField(max_length=120, help_text="What was opened, e.g. 'case audit 42'.")

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} opened {self.child_ref} ({self.context})"


class ImportRun(models.Model):
    """One file of case data: previewed, then imported (or cancelled, or refused).

    The history QA officers read: who, when, which file (name and SHA-256), the snapshot date and
    what the import did. The file itself is kept only while it waits for confirmation.
    """

    class Source(models.TextChoices):
        ANNEX_A = "annex_a", "Ofsted Annex A workbook"
        CASE_CSV = "case_csv", "CSV case list"
        SSDA903 = "ssda903", "SSDA903 return (children looked after)"
        CIN_CENSUS = "cin_census", "Children in need census"

    # Snapshots of open cases, imported in date order; the returns cover a collection year.
    SNAPSHOT_SOURCES = (Source.ANNEX_A, Source.CASE_CSV)
    RETURN_SOURCES = (Source.SSDA903, Source.CIN_CENSUS)

    class Origin(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        COMMAND = "command", "Command line"
        DROP_FOLDER = "drop_folder", "Nightly feed"

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Cancelled"
        REFUSED = "refused", "Refused"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=20, choices=Source.choices)
    origin = models.CharField(max_length=20, choices=Origin.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    file_name = models.CharField(max_length=255, help_text="The name the file had when it came in.")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    as_at = models.DateField("snapshot as at", null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(
        default=list, blank=True, help_text="Rejected and doubtful rows (the first thousands)."
    )
    rejected_count = models.PositiveIntegerField(default=0)
    doubtful_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True, help_text="Why the file was refused or failed.")
    # The random name of the file in the private upload folder while it waits for confirmation.
    stored_name = models.CharField(max_length=80, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source", "status", "as_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("casework:import_detail", kwargs={"pk": self.pk})


class Measure(models.Model):
    """A measure of the council's Improvement Plan: the outcome it serves and how it is followed.

    It lives here, with the service's structure, because audit questions and survey questions
    link to it and neither ``audits`` nor ``feedback`` may depend on ``kpis``; the KPIs that
    follow a measure are linked from the KPI side (``kpis.MeasureKpi``).
    """

    code = models.SlugField(
        max_length=60, unique=True, help_text="A short stable code, e.g. voice_plan_copy."
    )
    title = models.CharField(max_length=200)
    outcome = models.CharField(
        "Improvement Plan outcome",
        max_length=300,
        blank=True,
        help_text="The outcome of the Improvement Plan this measure serves.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"
