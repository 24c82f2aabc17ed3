"""Questionnaires: versioned surveys and their questions."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q


class VoiceTheme(models.TextChoices):
    """What a question is about; answers and "You said, we did" are followed by theme."""

    CONTACT = "contact", "Getting in touch with the social worker"
    LISTENED = "listened", "Being listened to"
    EXPLAINED = "explained", "Being told why we are involved"
    PLAN = "plan", "Having a copy of the plan"
    PLAN_HELPS = "plan_helps", "The plan is helping"
    DIFFERENCE = "difference", "Making a positive difference"
    SAFE = "safe", "Feeling safe"
    IMPROVE = "improve", "What we could do better"
    OTHER = "other", "Something else"


class Sentiment(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "In between"
    NEGATIVE = "negative", "Negative"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    picture: str = ""


class Survey(models.Model):
    """One version of a questionnaire. A published version is never edited: QA make a new one."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", "Service experience"
        CASE = "case", "About the plan (case-specific)"

    class Audience(models.TextChoices):
        CHILD = "child", "Child (5 to 10)"
        YOUNG_PERSON = "young_person", "Young person (11 to 17)"
        PARENT_CARER = "parent_carer", "Parent or carer"

    class JourneyPoint(models.TextChoices):
        DURING = "during", "During our involvement"
        AFTER_REVIEW = "after_review", "After a review"
        CLOSURE = "closure", "When the case closes"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "In use"
        RETIRED = "retired", "Retired"

    key = models.SlugField(
        max_length=60, help_text="The same for every version of this questionnaire."
    )
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=120)
    intro = models.TextField(
        blank=True, help_text="Shown on the first page, in words the audience will understand."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EXPERIENCE)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    journey_point = models.CharField(
        max_length=20, choices=JourneyPoint.choices, default=JourneyPoint.DURING
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "journey_point", "audience", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_survey_per_key_version"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status="published"),
                name="one_published_version_per_survey",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def for_child(self) -> bool:
        return self.audience == self.Audience.CHILD


# Pictures are drawn by templates/feedback/includes/picture.html, not taken from emoji fonts,
# so every phone shows the same faces.
SCALE_PICTURES = ("face-1", "face-2", "face-3", "face-4", "face-5")
YES_NO_OPTIONS = (
    Option("yes", "Yes", "yes"),
    Option("no", "No", "no"),
    Option("not_sure", "Not sure", "not-sure"),
)


class Question(models.Model):
    """A question on one survey version; its theme lets answers be followed across versions."""

    class Kind(models.TextChoices):
        SCALE = "scale", "Scale with words and pictures"
        YES_NO = "yes_no", "Yes, no or not sure"
        CHOICE = "choice", "Choose one"
        FREE_TEXT = "free_text", "Free text"

    class ScaleWords(models.TextChoices):
        FEELING = "feeling", "Really bad to really good"
        EASE = "ease", "Really hard to really easy"
        HOW_OFTEN = "how_often", "Never to always"

    SCALE_LABELS = {
        ScaleWords.FEELING: ("Really bad", "Bad", "OK", "Good", "Really good"),
        ScaleWords.EASE: ("Really hard", "Hard", "OK", "Easy", "Really easy"),
        ScaleWords.HOW_OFTEN: ("Never", "Not often", "Sometimes", "Most of the time", "Always"),
    }
    CLOSED_KINDS = (Kind.SCALE, Kind.YES_NO, Kind.CHOICE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scale_words = models.CharField(
        max_length=20, choices=ScaleWords.choices, default=ScaleWords.FEELING
    )
    options = models.JSONField(
        default=list, blank=True, help_text="The answers to choose from (choice questions)."
    )
    theme = models.CharField(max_length=20, choices=VoiceTheme.choices, default=VoiceTheme.OTHER)
    measure = models.ForeignKey(
        "casework.Measure",
        verbose_name="Improvement Plan measure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_questions",
        help_text="The Improvement Plan measure this answer counts towards.",
    )
    positive_answers = models.JSONField(default=list, blank=True)
    negative_answers = models.JSONField(default=list, blank=True)
    alert_answers = models.JSONField(
        default=list,
        blank=True,
        help_text="Answers that raise a safeguarding alert at once, e.g. 'no' to 'Do you feel "
        "safe?'",
    )

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="one_question_per_survey_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def measure_code(self) -> str:
        return self.measure.code if self.measure_id else ""

    @property
    def is_closed(self) -> bool:
        return self.kind in self.CLOSED_KINDS

    @property
    def is_pictured(self) -> bool:
        """Scale and yes/no questions are answered by tapping large picture cards."""
        return self.kind in (self.Kind.SCALE, self.Kind.YES_NO)

    def answer_options(self) -> list[Option]:
        if self.kind == self.Kind.SCALE:
            labels = self.SCALE_LABELS[self.ScaleWords(self.scale_words)]
            return [
                Option(str(n), label, picture)
                for n, (label, picture) in enumerate(zip(labels, SCALE_PICTURES, strict=True), 1)
            ]
        if self.kind == self.Kind.YES_NO:
            return list(YES_NO_OPTIONS)
        if self.kind == self.Kind.CHOICE:
            return [Option(str(option), str(option)) for option in self.options]
        return []

    def label_for(self, value: str) -> str:
        return next((o.label for o in self.answer_options() if o.value == value), value)

    def sentiment_for(self, value: str) -> str:
        if not value or not self.is_closed:
            return ""
        if value in self.positive_answers:
            return Sentiment.POSITIVE
        if value in self.negative_answers:
            return Sentiment.NEGATIVE
        if self.positive_answers or self.negative_answers:
            return Sentiment.NEUTRAL
        return ""
