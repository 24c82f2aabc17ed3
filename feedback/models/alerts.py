"""Safeguarding alerts raised by answers, and the worrying phrases that raise them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casework.models import Child, Team

from .responses import Invitation
from .surveys import Question


class WorryingPhrase(models.Model):
    """Words in a free-text answer that mean someone must check on the child today."""

    phrase = models.CharField(
        max_length=120,
        unique=True,
        help_text="Matched in any free-text answer, ignoring capitals and punctuation.",
    )
    is_active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class SafeguardingAlert(models.Model):
    """An answer that needs checking today. It always keeps the child, even when the answers
    were sent anonymously: a child's safety comes before their anonymity, and the form says so.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Needs checking"
        ESCALATED = "escalated", "Escalated"
        ACKNOWLEDGED = "acknowledged", "Checked"

    class Reason(models.TextChoices):
        ANSWER = "answer", "An answer about safety"
        PHRASE = "phrase", "Words that need checking"

    WAITING_STATUSES = (Status.OPEN, Status.ESCALATED)

    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_alerts"
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The child's team: its managers check the alert.",
    )
    routed_to_duty = models.BooleanField(
        default=False, help_text="No social worker was allocated, so the duty team was told."
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question_text = models.CharField(max_length=300)
    answer_text = models.TextField()
    matched_phrase = models.CharField(max_length=120, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField()
    escalate_after = models.DateTimeField(
        help_text="One working day after it was raised: unchecked by then, it is escalated."
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_taken = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "question"],
                condition=Q(invitation__isnull=False, question__isnull=False),
                name="one_alert_per_invitation_question",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "escalate_after"]),
            models.Index(fields=["team", "status"]),
        ]

    def __str__(self) -> str:
        return f"Safeguarding alert {self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING_STATUSES
