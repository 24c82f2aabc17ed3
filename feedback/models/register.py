"""Registers: complaints and compliments, "You said, we did", participation sessions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.models import Team

from .surveys import VoiceTheme


class ComplaintOrCompliment(models.Model):
    """One complaint or compliment in the register, with the statutory complaint stages."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        COMPLIMENT = "compliment", "Compliment"

    class Category(models.TextChoices):
        COMMUNICATION = "communication", "Communication"
        DELAY = "delay", "Delay or missed appointment"
        DECISION = "decision", "A decision we made"
        STAFF = "staff", "How a member of staff behaved"
        QUALITY = "quality", "Quality of the service"
        ACCESS = "access", "Getting a service"
        OTHER = "other", "Something else"

    class From(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT_CARER = "parent_carer", "Parent or carer"
        PROFESSIONAL = "professional", "Another professional"
        OTHER = "other", "Someone else"

    class Stage(models.TextChoices):
        STAGE_1 = "stage_1", "Stage 1: local resolution"
        STAGE_2 = "stage_2", "Stage 2: investigation"
        STAGE_3 = "stage_3", "Stage 3: review panel"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Response sent"
        CLOSED = "closed", "Closed"
        PASSED_ON = "passed_on", "Passed on"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField()
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    received_from = models.CharField(max_length=20, choices=From.choices, default=From.OTHER)
    summary = models.TextField(help_text="What it is about. Do not write children's names.")
    named_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="People named in a compliment: it is passed on to them.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response_due = models.DateField(null=True, blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    learning = models.TextField(blank=True)
    passed_on_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "complaint or compliment"
        verbose_name_plural = "complaints and compliments"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="compliment", stage="") | Q(kind="complaint") & ~Q(stage=""),
                name="complaints_have_a_stage_and_compliments_none",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "received_on"]),
            models.Index(fields=["team", "received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self) -> str:
        prefix = "CMP" if self.kind == self.Kind.COMPLAINT else "CPL"
        return f"{prefix}-{self.pk:05d}" if self.pk else prefix

    @property
    def is_complaint(self) -> bool:
        return self.kind == self.Kind.COMPLAINT

    @property
    def has_next_stage(self) -> bool:
        """Whether the complainant can still ask for another stage (stage 3 is the last)."""
        stages = list(self.Stage)
        return bool(self.stage) and stages.index(self.stage) + 1 < len(stages)


class YouSaidWeDid(models.Model):
    """What children and families told us, and what changed because of it."""

    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty for the whole service.",
    )
    month = models.DateField(help_text="The first day of the month it is recorded against.")
    theme = models.CharField(max_length=20, choices=VoiceTheme.choices)
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    is_public = models.BooleanField(
        "show on the public page",
        default=False,
        help_text="Children and families can read it without signing in.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "-pk"]
        verbose_name = "You said, we did"
        verbose_name_plural = "You said, we did"
        indexes = [models.Index(fields=["team", "month"])]

    def __str__(self) -> str:
        return f"You said, we did: {self.get_theme_display()} ({self.month:%B %Y})"


class ParticipationGroup(models.Model):
    """A standing group of children or young people, e.g. the Children in Care Council."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(
        "who the group is for",
        blank=True,
        help_text="For example “Children and young people in care, aged 11 to 18”.",
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ParticipationSession(models.Model):
    """A session of a participation group: how many came (never who), and what they said about
    the anonymised audit themes put to them.
    """

    group = models.ForeignKey(ParticipationGroup, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    attended = models.PositiveSmallIntegerField("number attending")
    # The audits' learning themes put to the group, by name, and how many audits had found each
    # at the time: counts only, never a case or a child.
    themes_shown = models.JSONField(default=list, blank=True)
    theme_counts = models.JSONField(default=dict, blank=True)
    views = models.TextField("their views")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attended__gte=1), name="a_session_has_someone_attending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {self.held_on:%d %b %Y}"

    @property
    def themes_with_counts(self) -> list[tuple[str, int | None]]:
        """Each theme put to the group, with how many audits had found it (if known)."""
        return [(name, self.theme_counts.get(name)) for name in self.themes_shown]


class ParticipationRecommendation(models.Model):
    """Something a participation group asks the service to change, and the named manager's
    answer, which is shown back to the group."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"

    session = models.ForeignKey(
        ParticipationSession, on_delete=models.CASCADE, related_name="recommendation_set"
    )
    text = models.TextField("what the group recommends")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="participation_recommendations",
        verbose_name="manager who answers",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("the manager's answer", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "pk"]
        indexes = [models.Index(fields=["manager", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(answer=""),
                name="an_answered_recommendation_has_an_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation from {self.session}"
