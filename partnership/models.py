"""Multi-agency audits with the Safeguarding Partnership.

Partner agencies (police, health, education, probation, voluntary) and their auditors; themed
audits of a handful of cases on a versioned template; one section per agency, blind to the other
agencies until every section is in; the panel's findings and the actions it gives to agencies,
each followed up three months on.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from audits.models import Grade
from casework.models import Child


class PartnerAgency(models.Model):
    """An agency of the Safeguarding Partnership."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health trust or GP designated lead"
        EDUCATION = "education", "School or education"
        PROBATION = "probation", "Probation"
        VOLUNTARY = "voluntary", "Voluntary organisation"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "partner agencies"

    def __str__(self) -> str:
        return self.name


class PartnerAuditor(models.Model):
    """A person who audits for a partner agency, with their own account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_auditor"
    )
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="auditors")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency})"


class MultiAgencyTemplate(models.Model):
    """A version of the questions each agency answers; an audit keeps the version it used."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class TemplateQuestion(models.Model):
    class Topic(models.TextChoices):
        KNEW = "knew", "What the agency knew"
        SHARED = "shared", "What it shared"
        WHEN = "when", "When"
        PLAN = "plan", "Contribution to the plan"
        VOICE = "voice", "The child's voice"

    template = models.ForeignKey(
        MultiAgencyTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=10, choices=Topic.choices)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="one_partnership_question_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class MultiAgencyAudit(models.Model):
    class Theme(models.TextChoices):
        NEGLECT = "neglect", "Neglect"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
        EXPLOITATION = "exploitation", "Child exploitation"
        MISSING = "missing", "Children missing from home or care"
        MENTAL_HEALTH = "mental_health", "Parental mental health"
        SEXUAL_ABUSE = "sexual_abuse", "Child sexual abuse"

    class Status(models.TextChoices):
        SETTING_UP = "setting_up", "Being set up"
        ANSWERING = "answering", "Agencies answering"
        PANEL = "panel", "Ready for the panel"
        FINISHED = "finished", "Finished"

    title = models.CharField(max_length=150)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    template = models.ForeignKey(MultiAgencyTemplate, on_delete=models.PROTECT, related_name="+")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_partnership_audits",
        help_text="Chairs the panel; follow-ups whose actions are not done escalate to them.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETTING_UP)
    sections_due = models.DateField(help_text="When each agency's section is due.")
    panel_date = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "multi-agency audit"

    def __str__(self) -> str:
        return self.title


class AuditCase(models.Model):
    """A case picked for a multi-agency audit: by hand, or by the rule named in ``picked_by``."""

    audit = models.ForeignKey(MultiAgencyAudit, on_delete=models.CASCADE, related_name="cases")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    picked_by = models.CharField(max_length=120, default="By hand")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "child__child_id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "child"], name="one_partnership_case")
        ]

    def __str__(self) -> str:
        return f"{self.child.child_id} in {self.audit}"


class AgencySection(models.Model):
    """One agency's part of one audit, answered by its auditor; blind to the other agencies
    until every section is in. A withdrawn section's agency no longer takes part."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being written"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Agency removed"

    audit = models.ForeignKey(MultiAgencyAudit, on_delete=models.CASCADE, related_name="sections")
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="sections")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnership_sections"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    due_date = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["audit", "agency__name"]
        verbose_name = "agency section"
        constraints = [
            models.UniqueConstraint(fields=["audit", "agency"], name="one_section_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.audit}"


class CaseAnswer(models.Model):
    """An agency's answers about one case: the template's questions (by question id) and a grade
    on the same four-point scale as single-agency audits."""

    section = models.ForeignKey(AgencySection, on_delete=models.CASCADE, related_name="answers")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    answers = models.JSONField(default=dict)
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "case"]
        constraints = [
            models.UniqueConstraint(fields=["section", "case"], name="one_answer_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.section.agency} on {self.case.child.child_id}"


class Finding(models.Model):
    """What the panel agreed: about one case, or (with no case) across the audit; ``agency``
    names whose learning it is, when it is one agency's."""

    audit = models.ForeignKey(MultiAgencyAudit, on_delete=models.CASCADE, related_name="findings")
    case = models.ForeignKey(
        AuditCase, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    agency = models.ForeignKey(
        PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    what_worked = models.TextField(blank=True)
    what_did_not = models.TextField("what did not work", blank=True)
    learning = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["audit", "case", "pk"]

    def __str__(self) -> str:
        return f"Finding {self.pk} of {self.audit}"


class PartnershipAction(models.Model):
    """An action the panel gave a named agency, with an owner and a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    audit = models.ForeignKey(MultiAgencyAudit, on_delete=models.CASCADE, related_name="actions")
    agency = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnership_actions"
    )
    due_date = models.DateField()
    agreed_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "partnership action"

    def __str__(self) -> str:
        return self.description[:60]


class PartnershipFollowUp(models.Model):
    """Three months after an action was agreed: was it done, and did practice improve? When it
    was not, the follow-up escalates to the audit's chair."""

    class Status(models.TextChoices):
        DUE = "due", "Due"
        ESCALATED = "escalated", "Escalated to the chair"
        COMPLETED = "completed", "Completed"

    action = models.OneToOneField(
        PartnershipAction, on_delete=models.CASCADE, related_name="follow_up"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DUE)
    outcome = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "partnership follow-up"

    def __str__(self) -> str:
        return f"Follow-up of {self.action}"
