from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class User(AbstractUser):
    """A member of staff. Roles are groups; what they may see is decided per object."""

    full_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    # Names from case-management imports are matched on this: lower case, single spaces.
    normalised_name = models.CharField(max_length=150, blank=True, db_index=True)

    class Meta:
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "normalised_name"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def role_names(self) -> frozenset[str]:
        """The names of this person's roles, read once per request."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role.value in self.role_names]


def normalise_name(name: str) -> str:
    """'  Jo\u00a0SMITH ' and 'jo smith' are the same person's name."""
    return " ".join(name.replace("\u00a0", " ").split()).casefold()


class Notification(models.Model):
    """A message to one person, shown in the app and also sent by email.

    Subjects and bodies name cases by their case-management ID only, never a child's name.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True, help_text="A page of this service.")
    # Reminders and escalations send once per key: the same key for the same person is ignored.
    dedupe_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="one_notification_per_recipient_and_key",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient})"


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by its first successful POST.

    A second POST with the same token (a double click, a resend after a slow answer) makes
    nothing and is sent to where the first went. Only the token and a page of this service are
    kept: no form data."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    form_name = models.CharField(max_length=100)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_form_token")
        ]

    def __str__(self) -> str:
        return f"{self.form_name} sent by {self.user_id}"


class DownloadLog(models.Model):
    """Who downloaded which list, in which format, and when. Never edited.

    Only the list's name, its filter (the query string, which holds no personal data) and the
    number of rows are kept: never the rows themselves."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="downloads")
    what = models.CharField(max_length=120, help_text="Which list, e.g. 'case audits'.")
    file_format = models.CharField(max_length=10)
    query = models.CharField(max_length=300, blank=True, help_text="The list's filter.")
    rows = models.PositiveIntegerField(default=0)
    downloaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.user} downloaded {self.what} ({self.file_format})"
