"""The people of the service as HR knows them: staff ids, line managers, leave and staff imports.

Teams, service areas and team memberships live in ``casework``; this app adds what a council's
staff list says about each person, their absences, and the history of staff-list imports.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class StaffRecord(models.Model):
    """One person on the council's staff list: their staff id, line manager and dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_record"
    )
    staff_id = models.CharField("staff ID", max_length=40, unique=True)
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="line_reports",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    sso_object_id = models.CharField(
        "single sign-on object ID",
        max_length=64,
        blank=True,
        help_text="The person's object ID at the council's sign-in provider (e.g. Entra ID 'oid').",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["staff_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="staff_record_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["sso_object_id"],
                condition=~Q(sso_object_id=""),
                name="one_staff_record_per_sso_object_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.user}"


class Absence(models.Model):
    """Leave or another absence: the person is given no audits in a month it covers."""

    class Kind(models.TextChoices):
        ANNUAL_LEAVE = "annual_leave", "Annual leave"
        SICKNESS = "sickness", "Sickness"
        OTHER = "other", "Other absence"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANNUAL_LEAVE)
    start_date = models.DateField()
    end_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="absence_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {self.start_date} to {self.end_date}"


class WorkerLink(models.Model):
    """A worker a case-data import named, confirmed by a QA officer to be someone on the staff list.

    The worker's allocations moved to the person; the worker's own record is kept (switched off),
    so past audits still name whom they named."""

    worker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="linked_to"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="linked_workers"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    allocations_moved = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.worker} is {self.person}"


class SamplePreview(models.Model):
    """A QA officer looked at a month's draw before making it (ticks the first-run checklist)."""

    period = models.DateField()
    previewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    previewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-previewed_at"]

    def __str__(self) -> str:
        return f"Preview of {self.period:%B %Y}"


class StaffImportRun(models.Model):
    """One staff list: previewed, then imported (or cancelled, or refused)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Cancelled"
        REFUSED = "refused", "Refused"

    class Origin(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        COMMAND = "command", "Command line"

    origin = models.CharField(max_length=20, choices=Origin.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    # The file's text, kept only while the import waits for confirmation.
    content = models.TextField(blank=True, editable=False)
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("organisation:staff_import_detail", kwargs={"pk": self.pk})


class Invitation(models.Model):
    """A single-use link, sent by email, with which a person sets their password and signs in.

    Only the token's SHA-256 is kept; the link itself is in the email alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.user} ({self.email})"


class RoleChange(models.Model):
    """A QA role given or taken away, by whom and when (roles are groups, which keep no history)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes"
    )
    role = models.CharField(max_length=40)
    granted = models.BooleanField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.role} {'given' if self.granted else 'taken away'}"


class SecondFactorReset(models.Model):
    """A QA officer removed someone's authenticator app and recovery codes, so that they set up
    two-factor authentication again (django-otp's devices keep no history of their own)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_resets"
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reset_at = models.DateTimeField(auto_now_add=True)
    had_app = models.BooleanField(help_text="Whether an authenticator app was set up.")

    class Meta:
        ordering = ["-reset_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: two-factor authentication reset"


def _track_history() -> None:
    """Service areas, teams and memberships keep a dated history of every change made here."""
    from simple_history import register

    from casework.models import ServiceArea, Team, TeamMembership

    for model in (ServiceArea, Team, TeamMembership):
        if not hasattr(model, "history"):
            register(model, app="organisation")


_track_history()
