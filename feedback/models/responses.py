"""Secure links and the answers that come back through them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casework.models import Child, Episode, Team

from .surveys import Question, Sentiment, Survey


class Invitation(models.Model):
    """A single-use, expiring link to one survey for one child or family.

    Only a SHA-256 hash of the link's token is kept, so the link itself cannot be read back
    from the database: a lost link is replaced by making a new one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Link not made yet"
        OPEN = "open", "Waiting for answers"
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Answered"
        EXPIRED = "expired", "Expired"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        PRACTITIONER = "practitioner", "Made by a practitioner"
        CLOSURE = "closure", "Case closed"

    class CompletedWith(models.TextChoices):
        ALONE = "alone", "On my own"
        ADULT = "adult", "With a grown-up I trust"
        WORKER = "worker", "With my social worker"

    LIVE_STATUSES = (Status.OPEN, Status.STARTED)
    UNFINISHED_STATUSES = (Status.PENDING, Status.OPEN, Status.STARTED)

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="feedback_invitations")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_invitations",
        help_text="Who gives the link to the child or family.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PRACTITIONER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    expires_at = models.DateTimeField()
    completed_with = models.CharField(max_length=20, choices=CompletedWith.choices, blank=True)
    # Closure invitations are made once per episode and audience, however often the job runs.
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("link made", null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Who made, cancelled or let a link lapse, and when; never the token, not even hashed.
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="one_invitation_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["team", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.survey.title} for case {self.child.child_id}"

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        """Whether the link opens: live, and not past its expiry even if the job has not run."""
        return self.status in self.LIVE_STATUSES and not self.has_expired

    @property
    def first_name(self) -> str:
        """All the link shows of the child: the first word of their preferred name."""
        name = (self.child.display_name or "").split()
        return name[0] if name else ""


class DraftAnswer(models.Model):
    """An answer saved page by page before the form is sent, so nothing is lost on a timeout."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="draft_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    skipped = models.BooleanField(default=False)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "question"], name="one_draft_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"Draft answer to {self.question_id}"


class Response(models.Model):
    """A sent set of answers.

    An anonymous response keeps only its survey, team and month: no link, no child, no
    social worker, no exact time, and a random id so its place in the table gives nothing away.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month it was sent.")
    is_anonymous = models.BooleanField(default=False)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The allocated social worker when the answers were sent.",
    )
    completed_with = models.CharField(
        max_length=20, choices=Invitation.CompletedWith.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(
                    invitation__isnull=True,
                    child__isnull=True,
                    practitioner__isnull=True,
                    submitted_at__isnull=True,
                    completed_with="",
                ),
                name="anonymous_response_holds_nothing_identifying",
            ),
        ]
        indexes = [models.Index(fields=["month", "team"])]

    def __str__(self) -> str:
        return f"Response to {self.survey_id} in {self.month:%B %Y}"


class Answer(models.Model):
    # Indexed by the composite index below, which leads with it.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    sentiment = models.CharField(max_length=10, choices=Sentiment.choices, blank=True)

    class Meta:
        indexes = [
            # The voice page counts the answers of six months' responses by theme and
            # sentiment: reached from the responses of those months, and answered from the
            # index alone, instead of reading every answer ever given.
            models.Index(
                fields=["response", "question", "sentiment"], name="answer_by_response_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"

    @property
    def display(self) -> str:
        return self.text if self.text else self.question.label_for(self.choice)
