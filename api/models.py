"""Named tokens with which the council's BI tools read the API. Only a hash of each is kept."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One BI tool's key to the read-only API, created by a QA officer and revocable.

    The token itself is shown once, when it is made; only its SHA-256 hash is stored, so a copy
    of the database cannot be used to read the API."""

    name = models.CharField(max_length=100, help_text="Who or what uses it, e.g. 'Council BI'.")
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown on the list so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["revoked_at", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("api:token", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
