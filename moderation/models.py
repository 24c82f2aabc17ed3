"""Closing the loop (DESIGN.md, "The looped audit"): what happens once both gradings are in.

The two gradings are compared; a difference goes to a senior manager who moderates it and writes a
learning note to each auditor. Every audit then gets a final grade, actions with owners, personal
feedback to the social worker, and three months later a follow-up review that may escalate to the
head of service. Findings are tagged with learning themes, which the monthly summary counts.

Actions and personal feedback sit here rather than in ``audits`` (where DESIGN.md's domain model
first put them): they are the after-grade half of the loop, and keeping them with the loop lets
``audits`` stay about sampling and grading. Every status moves only through
``moderation.services``; each change writes a history row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from audits.models import AuditDomain, CaseAudit, Grade, Grading


class LearningTheme(models.Model):
    """A recurring finding, e.g. "the child's voice is missing". A QA officer keeps the list."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="What findings belong to this theme.")
    is_active = models.BooleanField(
        default=True, help_text="Retired themes stay on old findings but cannot be chosen."
    )
    # Auditors tag the findings of their own grading; declared here so that ``audits`` is
    # untouched by it.
    gradings = models.ManyToManyField(Grading, blank=True, related_name="learning_themes")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Moderation(models.Model):
    """A difference between the two gradings, resolved by a senior manager who is neither
    auditor: the agreed grades, the rationale and a learning note to each auditor."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a moderator"
        TO_MODERATE = "to_moderate", "To moderate"
        MODERATED = "moderated", "Moderated"

    case_audit = models.OneToOneField(
        CaseAudit, on_delete=models.PROTECT, related_name="moderation"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderations",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    reasons = models.TextField(help_text="Why the gradings were sent to moderation.")
    routing_note = models.CharField(
        max_length=300, blank=True, help_text="Why no moderator could be chosen automatically."
    )
    routed_on = models.DateField()
    due_date = models.DateField()
    meeting_held_on = models.DateField(null=True, blank=True)
    meeting_notes = models.TextField(blank=True)
    agreed_overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    rationale = models.TextField(blank=True)
    themes = models.ManyToManyField(LearningTheme, blank=True, related_name="moderations")
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["moderator", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Moderation of {self.case_audit}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("moderation:detail", args=[self.pk])


class ModeratedDomainGrade(models.Model):
    """The grade the moderator and both auditors agreed for one domain."""

    moderation = models.ForeignKey(
        Moderation, on_delete=models.CASCADE, related_name="domain_grades"
    )
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30, choices=Grade.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["moderation", "domain__position", "domain_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["moderation", "domain"], name="one_agreed_grade_per_domain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display()}"


class LearningNote(models.Model):
    """The moderator's note to one auditor: the immediate learning the loop exists for."""

    moderation = models.ForeignKey(
        Moderation, on_delete=models.CASCADE, related_name="learning_notes"
    )
    role = models.CharField(max_length=20, choices=Grading.Role.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_notes"
    )
    note = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "role"], name="one_note_per_auditor"),
        ]
        indexes = [models.Index(fields=["recipient", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Learning note to the {self.get_role_display().lower()} ({self.moderation})"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class FinalGrade(models.Model):
    """The audit's final overall grade: the auditors' shared grade, or the moderated one.

    Its date starts the clock for actions, feedback and the three-month follow-up.
    """

    class Route(models.TextChoices):
        AGREED = "agreed", "Agreed by both auditors"
        MODERATED = "moderated", "Agreed in moderation"

    case_audit = models.OneToOneField(
        CaseAudit, on_delete=models.PROTECT, related_name="final_grade"
    )
    overall_grade = models.CharField(max_length=30, choices=Grade.choices)
    route = models.CharField(max_length=20, choices=Route.choices)
    decided_on = models.DateField()
    follow_up_due = models.DateField(help_text="Three months on, or the next working day.")
    feedback_due = models.DateField(help_text="When actions and feedback should be in place.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["follow_up_due"])]

    def __str__(self) -> str:
        return f"{self.get_overall_grade_display()} ({self.case_audit})"


class Action(models.Model):
    """What must change on the case, who owns it, by when, and the evidence that it did."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "No longer needed"

    case_audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField("what must change")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(
        "evidence of completion", blank=True, help_text="Where to see that it was done."
    )
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"Action on {self.case_audit}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("moderation:action", args=[self.pk])


class PractitionerFeedback(models.Model):
    """Personal feedback to the allocated social worker, in plain words, which they acknowledge.

    Compliments found in the audit (from the child, the family or the auditors) are passed on.
    """

    class Status(models.TextChoices):
        SENT = "sent", "Waiting for the social worker"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    case_audit = models.OneToOneField(
        CaseAudit, on_delete=models.PROTECT, related_name="practitioner_feedback"
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_feedback",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    going_well = models.TextField("what is going well")
    to_improve = models.TextField("what to improve")
    compliments = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    sent_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["social_worker", "status"])]
        verbose_name_plural = "practitioner feedback"

    def __str__(self) -> str:
        return f"Feedback from {self.case_audit}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("moderation:feedback", args=[self.pk])


class FollowUpReview(models.Model):
    """Three months after the final grade: were the actions done, and did practice improve?"""

    class Status(models.TextChoices):
        DUE = "due", "Due"
        COMPLETED = "completed", "Completed"

    class Outcome(models.TextChoices):
        IMPROVED = "improved", "Improved"
        PARTLY = "partly", "Partly improved"
        NOT_IMPROVED = "not_improved", "Not improved"

    case_audit = models.OneToOneField(
        CaseAudit, on_delete=models.PROTECT, related_name="follow_up_review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_reviews",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DUE)
    due_date = models.DateField(help_text="Three months after the final grade.")
    complete_by = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    look_back = models.TextField("practice over the three months", blank=True)
    re_audit = models.BooleanField(
        "put forward for re-audit", default=False, help_text="Only for an inadequate case."
    )
    re_audit_period = models.DateField(
        null=True, blank=True, help_text="The month of the round the case is put forward to."
    )
    re_audit_case_audit = models.OneToOneField(
        CaseAudit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="re_audit_of",
    )
    escalation_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "complete_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(re_audit=False) | Q(re_audit_period__isnull=False),
                name="re_audit_has_a_month",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up review of {self.case_audit}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("moderation:follow_up", args=[self.pk])


class ActionCheck(models.Model):
    """The follow-up reviewer's finding on one action."""

    class Finding(models.TextChoices):
        DONE = "done", "Done"
        PARTLY = "partly", "Partly done"
        NOT_DONE = "not_done", "Not done"

    review = models.ForeignKey(FollowUpReview, on_delete=models.CASCADE, related_name="checks")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="checks")
    finding = models.CharField(max_length=20, choices=Finding.choices)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "action__due_date", "action_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="one_check_per_action"),
        ]

    def __str__(self) -> str:
        return f"{self.get_finding_display()}: {self.action}"


class Escalation(models.Model):
    """Something gone wrong in the loop, raised once to the head of service with a reason.

    ``key`` names what was escalated (e.g. ``moderation-overdue:12``): it is unique, so the daily
    job escalates each thing exactly once however often it runs.
    """

    class Kind(models.TextChoices):
        GRADING_OVERDUE = "grading_overdue", "Grading overdue"
        MODERATION_OVERDUE = "moderation_overdue", "Moderation overdue"
        ACTION_OVERDUE = "action_overdue", "Action overdue"
        FOLLOW_UP_OVERDUE = "follow_up_overdue", "Follow-up review overdue"
        FOLLOW_UP_OUTCOME = "follow_up_outcome", "Follow-up: actions not done or no improvement"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    case_audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="escalations")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_received",
    )
    reason = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the daily job raised it.",
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["escalated_to", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.case_audit}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("moderation:escalation", args=[self.pk])


class LearningActivity(models.Model):
    """Something done to learn from a theme: a workshop, a one-to-one or a briefing."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        ONE_TO_ONE = "one_to_one", "One-to-one"
        BRIEFING = "briefing", "Best-practice briefing"

    theme = models.ForeignKey(LearningTheme, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    attendance = models.PositiveIntegerField(help_text="How many people took part.")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "learning activities"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
