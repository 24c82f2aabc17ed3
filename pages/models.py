from django.conf import settings
from django.db import models


class Page(models.Model):
    """A public page the service writes itself: its values, its guides, how to take part.

    What readers see is the page's latest version; nothing is ever edited in place, so every
    earlier wording can be read again and restored.
    """

    class Slug(models.TextChoices):
        VALUES = "values", "Our values"
        GUIDE = "guide", "How we check our work (guide for adults)"
        CHILDREN = "guide-children", "Guide for children and young people"
        TAKE_PART = "take-part", "How children can take part"

    slug = models.SlugField(max_length=40, unique=True, choices=Slug.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_slug_display()


class PageVersion(models.Model):
    """One published wording of a page: who wrote it, when, and why."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown in large text under the title.",
    )
    body_markdown = models.TextField("page text")
    note = models.CharField(
        "what changed",
        max_length=200,
        blank=True,
        help_text="A few words for the history, for example “Updated the Childline number”.",
    )
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.page}: {self.created_at:%d %b %Y %H:%M}"
