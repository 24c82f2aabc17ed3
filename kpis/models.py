"""Monthly KPI snapshots, targets with their history, notes that explain a month, and the link
from Improvement Plan measures to KPIs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casework.models import Measure, ServiceArea, Team

__all__ = ["KpiMember", "KpiSnapshot", "KpiTarget", "Measure", "MeasureKpi", "RoundNote"]


class KpiSnapshot(models.Model):
    """One KPI's figure for one month and one part of the service. Dashboards read only these.

    A team's row also names the team's service area, so an area's page can read its teams' rows
    with one filter.
    """

    class ScopeKind(models.TextChoices):
        SERVICE = "service", "Whole service"
        AREA = "area", "Service area"
        TEAM = "team", "Team"

    code = models.CharField(max_length=80)
    period = models.DateField(help_text="The first day of the month.")
    scope_kind = models.CharField(max_length=10, choices=ScopeKind.choices)
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    members_held = models.BooleanField(
        default=False,
        help_text="Whether the records behind the numerator were stored when it was worked out "
        "(KpiMember); a month written some other way has only its figures.",
    )

    class Meta:
        ordering = ["code", "period"]
        constraints = [
            # Unique per (code, period, scope): one constraint per kind, since the empty
            # area and team of the wider scopes would not clash in a plain unique constraint.
            models.UniqueConstraint(
                fields=["code", "period"],
                condition=Q(scope_kind="service"),
                name="one_service_kpi_snapshot",
            ),
            models.UniqueConstraint(
                fields=["code", "period", "service_area"],
                condition=Q(scope_kind="area"),
                name="one_area_kpi_snapshot",
            ),
            models.UniqueConstraint(
                fields=["code", "period", "team"],
                condition=Q(scope_kind="team"),
                name="one_team_kpi_snapshot",
            ),
            models.CheckConstraint(
                condition=Q(scope_kind="service", service_area__isnull=True, team__isnull=True)
                | Q(scope_kind="area", service_area__isnull=False, team__isnull=True)
                | Q(scope_kind="team", team__isnull=False),
                name="kpi_snapshot_scope_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["scope_kind", "period", "code"]),
            models.Index(fields=["team", "period"]),
            models.Index(fields=["service_area", "scope_kind", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period:%Y-%m} {self.scope_kind}"


class KpiMember(models.Model):
    """One record counted in a KPI's numerator for a month, with the team it counts for.

    Written in bulk when the month is worked out, so that the list behind a figure is read
    through an index rather than counted again from the raw tables, and is always exactly the
    records the figure counted. ``record_id`` is the primary key of whatever the KPI counts
    (children, case events, audits, responses, ...), kept as text because some are UUIDs; the
    KPI's numerator says which model.
    """

    code = models.CharField(max_length=80)
    period = models.DateField(help_text="The first day of the month.")
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    record_id = models.CharField(
        max_length=40, help_text="The counted record's primary key, as text (some are UUIDs)."
    )

    class Meta:
        indexes = [
            models.Index(fields=["code", "period", "record_id"], name="kpi_member_record_idx"),
            models.Index(
                fields=["code", "period", "team", "record_id"], name="kpi_member_team_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period:%Y-%m} #{self.record_id}"


class KpiTarget(models.Model):
    """A KPI's target and red/amber/green thresholds, as a QA officer set them.

    Without a row, the registry's defaults apply. ``green_from`` and ``amber_from`` are read in
    the KPI's direction: for a higher-is-better KPI a value at or above ``green_from`` is green,
    at or above ``amber_from`` amber, else red; for a lower-is-better KPI, at or below.
    """

    code = models.CharField(max_length=80, unique=True)
    target = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    green_from = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    amber_from = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"Target for {self.code}"


class RoundNote(models.Model):
    """Why a month's figures look as they do (a summer round sampled fewer cases, an import was
    late). Shown beside the month on every chart; ``code`` narrows it to one KPI."""

    period = models.DateField(help_text="The first day of the month.")
    code = models.CharField(
        max_length=80, blank=True, help_text="Empty: the note is about every KPI that month."
    )
    note = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="one_round_note_per_month_kpi")
        ]

    def __str__(self) -> str:
        return f"Note for {self.period:%B %Y}"


class MeasureKpi(models.Model):
    """A KPI (by code) that follows an Improvement Plan measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="kpi_links")
    code = models.CharField(max_length=80)

    class Meta:
        ordering = ["measure", "code"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "code"], name="one_link_per_measure_kpi")
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} → {self.code}"
