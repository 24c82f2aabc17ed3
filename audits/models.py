"""The looped audit: templates, monthly rounds, case audits, the two blind gradings.

A case audit moves through the states of DESIGN.md's diagram only through its machine
(``audits/workflow.py``) and ``qaf.workflow.perform``; gradings are read only through the
selectors, which keep them blind until both are submitted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.models import Child, Episode, Team


class Grade(models.TextChoices):
    """The Ofsted four-point scale, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"

    @classmethod
    def step(cls, value: str) -> int:
        """1 for outstanding to 4 for inadequate: two grades differ by the difference of steps."""
        return list(cls.values).index(value) + 1


GRADE_HINTS = {
    Grade.OUTSTANDING: "Practice is exceptional and makes a real, lasting difference to the child.",
    Grade.GOOD: "Practice is consistently good: the child is safe and their needs are met.",
    Grade.REQUIRES_IMPROVEMENT: (
        "Practice is not yet good. There are gaps, but the child is not left at risk of harm."
    ),
    Grade.INADEQUATE: "Practice is failing: the child is, or may be, left at risk of harm.",
}


class AuditTemplate(models.Model):
    """One version of the audit form. A published version never changes; audits keep theirs."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200, default="Case file audit")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed in this version, and why.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        constraints = [
            # One version is in use at a time, and one is being edited at a time.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="published"), name="one_published_template"
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="one_draft_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class AuditDomain(models.Model):
    """An area of practice graded on the Ofsted scale, with the questions that guide the grade."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="domains")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="What this domain looks at.")
    # Episode kinds this domain applies to; empty means every kind of case.
    case_kinds = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def applies_to(self, case_kind: str) -> bool:
        return not self.case_kinds or case_kind in self.case_kinds

    @property
    def case_kind_labels(self) -> list[str]:
        labels = dict(Episode.Kind.choices)
        return [labels.get(kind, kind) for kind in self.case_kinds]


class AuditQuestion(models.Model):
    domain = models.ForeignKey(AuditDomain, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What good looks like; where to look.")
    measure = models.ForeignKey(
        "casework.Measure",
        verbose_name="Improvement Plan measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_questions",
        help_text="The Improvement Plan measure this question follows.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class TeamSampleSize(models.Model):
    """How many of a team's open cases are sampled each month (a QA officer's setting)."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="audit_sample_size")
    cases_per_month = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["team"]

    def __str__(self) -> str:
        return f"{self.team}: {self.cases_per_month} a month"


class AuditorCapacity(models.Model):
    """How many cases a peer auditor can take in one month (a QA officer's setting)."""

    auditor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_capacity"
    )
    audits_per_month = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "auditor capacities"

    def __str__(self) -> str:
        return f"{self.auditor}: {self.audits_per_month} a month"


class AuditRound(models.Model):
    """One month's whole-service sample. Its seed lets anyone reproduce the draw."""

    period = models.DateField(unique=True, help_text="The first day of the month.")
    seed = models.BigIntegerField()
    due_date = models.DateField(help_text="Gradings are due by the last working day of the month.")
    sampled_at = models.DateTimeField(auto_now_add=True)
    sampled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the scheduled job drew the sample.",
    )

    class Meta:
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period:%B %Y}"


class CaseAudit(models.Model):
    """One sampled case in one round, graded blind by its team manager and a peer auditor."""

    class Status(models.TextChoices):
        SAMPLED = "sampled", "Sampled"
        IN_PROGRESS = "in_progress", "In progress"
        BOTH_GRADED = "both_graded", "Both graded"
        AGREED = "agreed", "Agreed"
        IN_MODERATION = "in_moderation", "In moderation"
        MODERATED = "moderated", "Moderated"
        ACTIONS_AND_FEEDBACK = "actions_and_feedback", "Actions and feedback"
        FOLLOW_UP = "follow_up", "Follow-up review"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"

    # The states before both gradings are in: gradings stay blind while the audit is in one.
    GRADING_STATES = (Status.SAMPLED, Status.IN_PROGRESS)

    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="case_audits")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="case_audits")
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_audits"
    )
    case_kind = models.CharField("case type", max_length=20, choices=Episode.Kind.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_audits")
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The allocated social worker when the case was sampled.",
    )
    team_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_audits_as_manager",
    )
    peer_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_audits_as_peer",
    )
    assignment_note = models.CharField(
        max_length=300, blank=True, help_text="Why an auditor could not be assigned automatically."
    )
    # Bound when the first grading starts: the audit then keeps this version to the end.
    template = models.ForeignKey(
        AuditTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="case_audits"
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.SAMPLED)
    due_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "team", "child"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "child"], name="one_audit_per_child_per_round"
            ),
            models.CheckConstraint(
                condition=Q(team_manager__isnull=True)
                | Q(peer_auditor__isnull=True)
                | ~Q(team_manager=models.F("peer_auditor")),
                name="case_audit_auditors_differ",
            ),
        ]
        indexes = [
            models.Index(fields=["team_manager", "status"]),
            models.Index(fields=["peer_auditor", "status"]),
            models.Index(fields=["round", "team"]),
            models.Index(fields=["child", "round"]),
        ]

    def __str__(self) -> str:
        return f"Audit of case {self.child.child_id} ({self.round})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("audits:detail", args=[self.pk])

    @property
    def gradings_revealed(self) -> bool:
        """Both gradings are in, so everyone who can open the audit may read them."""
        return self.status not in self.GRADING_STATES


class Grading(models.Model):
    """One auditor's grading of a case: per domain, overall, and the narrative."""

    class Role(models.TextChoices):
        TEAM_MANAGER = "team_manager", "Team manager"
        PEER_AUDITOR = "peer_auditor", "Peer auditor"

    case_audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="gradings")
    role = models.CharField(max_length=20, choices=Role.choices)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gradings"
    )
    overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_audit", "role"]
        constraints = [
            models.UniqueConstraint(fields=["case_audit", "role"], name="one_grading_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} grading of {self.case_audit}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class DomainGrade(models.Model):
    grading = models.ForeignKey(Grading, on_delete=models.CASCADE, related_name="domain_grades")
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    evidence = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grading", "domain__position", "domain_id"]
        constraints = [
            models.UniqueConstraint(fields=["grading", "domain"], name="one_grade_per_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display() or 'not graded'}"


class Conversation(models.Model):
    """The peer auditor's conversation with the child, a parent or carer, or the social worker."""

    class Person(models.TextChoices):
        CHILD = "child", "The child or young person"
        PARENT_OR_CARER = "parent_or_carer", "A parent or carer"
        SOCIAL_WORKER = "social_worker", "The social worker"

    class Method(models.TextChoices):
        IN_PERSON_HOME = "in_person_home", "In person, at home"
        IN_PERSON_ELSEWHERE = "in_person_elsewhere", "In person, somewhere else"
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        OTHER = "other", "Another way"

    case_audit = models.ForeignKey(
        CaseAudit, on_delete=models.CASCADE, related_name="conversations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(max_length=20, choices=Person.choices)
    relationship = models.CharField(
        max_length=80, blank=True, help_text="For a parent or carer, e.g. 'mother', 'foster carer'."
    )
    held_on = models.DateField()
    method = models.CharField(max_length=30, choices=Method.choices)
    seen_alone = models.BooleanField(null=True, blank=True, help_text="Only for the child.")
    in_their_words = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_audit", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Conversation with {self.get_person_display().lower()} on {self.held_on:%d %b %Y}"


class ConversationQuestion(models.Model):
    """A question the peer auditor asks the child or family in conversation, following an
    Improvement Plan measure, so that what they say is counted beside the KPIs and surveys."""

    class AskedOf(models.TextChoices):
        CHILD = "child", "The child or young person"
        PARENT_OR_CARER = "parent_or_carer", "A parent or carer"
        BOTH = "both", "Both the child and a parent or carer"

    measure = models.ForeignKey(
        "casework.Measure",
        verbose_name="Improvement Plan measure",
        on_delete=models.PROTECT,
        related_name="conversation_questions",
    )
    asked_of = models.CharField(max_length=20, choices=AskedOf.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(
        default=True, help_text="Only active questions are offered in new conversations."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def people(self) -> tuple[str, ...]:
        """The people (``Conversation.Person`` values) this question is asked of."""
        if self.asked_of == self.AskedOf.BOTH:
            return (Conversation.Person.CHILD, Conversation.Person.PARENT_OR_CARER)
        return (self.asked_of,)


class ConversationAnswer(models.Model):
    """What the child or family answered to one question in one conversation."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"
        NOT_ASKED = "not_asked", "Not asked, or they did not want to answer"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ConversationQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.CharField(max_length=20, choices=Answer.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conversation", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_answer_display()}"


class SafeguardingConcern(models.Model):
    """A concern found during an audit, raised at once to the team and senior managers, who
    acknowledge it within one working day; if nobody does, it escalates once."""

    class Status(models.TextChoices):
        OPEN = "open", "Not acknowledged"
        ESCALATED = "escalated", "Escalated"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    case_audit = models.ForeignKey(
        CaseAudit, on_delete=models.CASCADE, related_name="safeguarding_concerns"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    concern = models.TextField()
    action_taken = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    escalate_after = models.DateTimeField(
        null=True, blank=True, help_text="One working day after it was raised."
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement = models.TextField(
        "what was done", blank=True, help_text="What the manager did to check the child is safe."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "escalate_after"])]

    def __str__(self) -> str:
        return f"Safeguarding concern in {self.case_audit}"
