"""Staff voice: anonymous pulse surveys, quality circles and recognition.

The anonymous tables (``AnonymousResponse``, ``AnonymousComment``) hold no person, no address, no
session and no time finer than the ISO week. They have random UUID keys and no created-at, keep no
history, and share only the survey with ``Participation``, which says who has taken part (with no
time at all), for reminders.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from casework.models import ServiceArea, Team


class StaffSurvey(models.Model):
    """A pulse survey for staff, built by a QA officer and answered anonymously."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=120)
    intro = models.TextField(blank=True, help_text="Shown above the questions.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "staff survey"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staffvoice:survey_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        """Questions are added only while a survey is a draft."""
        return self.status == self.Status.DRAFT


class StaffQuestion(models.Model):
    """One question: a statement rated on a five-point scale, or a free-text box."""

    class Kind(models.TextChoices):
        SCALE = "scale", "Five-point scale, from strongly disagree to strongly agree"
        FREE_TEXT = "free_text", "Free text"

    SCALE = (
        ("1", "Strongly disagree"),
        ("2", "Disagree"),
        ("3", "Neither agree nor disagree"),
        ("4", "Agree"),
        ("5", "Strongly agree"),
    )

    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SCALE)

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="one_staff_question_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE


class AnonymousResponse(models.Model):
    """One person's scale answers to one survey, with nothing that says who or exactly when.

    ``service_area`` and ``team`` are kept only when that group had at least the minimum group
    size of staff when the answer was given; otherwise they are empty.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(StaffSurvey, on_delete=models.PROTECT, related_name="responses")
    week = models.CharField(max_length=8, help_text="The ISO week, e.g. 2026-W49.")
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = models.JSONField(default=dict, help_text="Question id to a score from 1 to 5.")

    class Meta:
        # Random keys: the order says nothing about when an answer came in.
        ordering = ["id"]
        verbose_name = "anonymous response"

    def __str__(self) -> str:
        return f"An answer to {self.survey} in {self.week}"


class AnonymousComment(models.Model):
    """One free-text answer, kept apart from the scale answers and checked by a QA officer
    for identifying details before anyone reads it in the results."""

    class Status(models.TextChoices):
        TO_CHECK = "to_check", "To check"
        APPROVED = "approved", "Shown in results"
        WITHHELD = "withheld", "Withheld"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(StaffSurvey, on_delete=models.PROTECT, related_name="comments")
    question = models.ForeignKey(StaffQuestion, on_delete=models.PROTECT, related_name="comments")
    week = models.CharField(max_length=8)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_CHECK)

    class Meta:
        ordering = ["id"]
        verbose_name = "anonymous comment"

    def __str__(self) -> str:
        return f"A comment on {self.survey} in {self.week}"


class Participation(models.Model):
    """That a person has answered a survey: for reminders, and so that nobody answers twice.

    It shares nothing with the answers but the survey. It keeps no week: the answers do, and a
    week with one answer would otherwise point at the one person who took part that week. Its
    key is random too, so neither table's keys say in which order people answered.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_voice_taken"
    )
    survey = models.ForeignKey(StaffSurvey, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "survey"], name="one_participation_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.user} took part in {self.survey}"


class QualityCircle(models.Model):
    """A peer group of one grade or level, with no managers in it."""

    class Level(models.TextChoices):
        ASYE = "asye", "Newly qualified social workers (ASYE)"
        SOCIAL_WORKER = "social_worker", "Social workers"
        SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioners"
        FAMILY_SUPPORT = "family_support", "Family support workers"
        BUSINESS_SUPPORT = "business_support", "Business support officers"

    name = models.CharField(max_length=120, unique=True)
    level = models.CharField(max_length=30, choices=Level.choices)
    purpose = models.TextField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="quality_circles")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles_facilitated",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("staffvoice:circle_detail", args=[self.pk])


class CircleMeeting(models.Model):
    """What a circle talked about, written by its facilitator with nobody named."""

    circle = models.ForeignKey(QualityCircle, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField()
    themes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.circle} on {self.met_on:%-d %B %Y}"


class CircleSuggestion(models.Model):
    """A circle's suggestion, and management's answer: "you said, we did"."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField("suggestion")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = "circle suggestion"

    def __str__(self) -> str:
        return self.text[:60]


class Recognition(models.Model):
    """Thanks for a person's or a team's work, from an audit, moderation, a family or a colleague.

    ``source_key`` names the record it came from (e.g. ``moderation:feedback:12``) so it is made
    once however often that record is saved.
    """

    class Source(models.TextChoices):
        AUDIT = "audit", "A case audit"
        MODERATION = "moderation", "Moderation"
        FAMILY = "family", "A child or family"
        PROFESSIONAL = "professional", "Another professional"
        COLLEAGUE = "colleague", "A manager or colleague"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    received_on = models.DateField()
    summary = models.TextField(help_text="What was said. Do not write children's names.")
    source_key = models.CharField(max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "person"],
                condition=~models.Q(source_key=""),
                name="one_recognition_per_source_and_person",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(team__isnull=False),
                name="recognition_names_a_person_or_team",
            ),
        ]
        indexes = [models.Index(fields=["team", "received_on"])]

    def __str__(self) -> str:
        return f"Recognition for {self.person or self.team} on {self.received_on}"
