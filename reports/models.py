"""Assurance reports: the quarterly report to the committee and the yearly summary.

A report's figures are counted once, when it is drafted (or a draft is regenerated), and kept
on the row as JSON: an approved report reads the same however the data changes later. Its
status moves only through ``reports/workflow.py``; each change writes a history row.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class AssuranceReport(models.Model):
    class Kind(models.TextChoices):
        QUARTER = "quarter", "Quarterly assurance report"
        YEAR = "year", "Yearly summary"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField(help_text="The first day of the quarter or year.")
    period_end = models.DateField(help_text="The last day of the quarter or year.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(default=dict, help_text="The figures as counted when drafted.")
    figures_counted_at = models.DateTimeField()
    narrative = models.TextField(
        "summary",
        blank=True,
        help_text="A few paragraphs for the committee: what the figures say, and what is next.",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the scheduled job drafted it.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["figures", "updated_at"])

    class Meta:
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period_start"], name="one_report_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="report_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.period_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.period_start.year == self.period_end.year:
            return f"{self.period_start:%B} to {self.period_end:%B %Y}"
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"

    @property
    def is_yearly(self) -> bool:
        return self.kind == self.Kind.YEAR

    @property
    def file_stem(self) -> str:
        """The downloads' file name, without the extension: no personal data, only the period."""
        return f"qaf-{self.kind}-{self.period_start:%Y-%m}-to-{self.period_end:%Y-%m}"


class ReportDownload(models.Model):
    """Who downloaded which report, in which format, when. Never edited."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel workbook"

    report = models.ForeignKey(AssuranceReport, on_delete=models.CASCADE, related_name="downloads")
    format = models.CharField(max_length=10, choices=Format.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_downloads"
    )
    report_status = models.CharField(
        max_length=20, help_text="The report's status when it was downloaded."
    )
    downloaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.report} ({self.format})"
