"""Making and revoking API tokens: every write of the api app."""

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .errors import ApiTokenError
from .models import ApiToken

TOKEN_PREFIX = "qaf_"  # noqa: S105  (a marker that says what the secret is, not a secret)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once, never stored


@transaction.atomic
def api_token_create(*, name: str, by) -> NewToken:
    """A new named token. The caller shows ``raw`` once; only its hash is kept."""
    name = name.strip()
    if not name:
        raise ApiTokenError("Give the token a name, so that you know who uses it.")
    if ApiToken.objects.filter(name__iexact=name, revoked_at__isnull=True).exists():
        raise ApiTokenError(f"A token called '{name}' is in use. Choose another name.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name, token_hash=token_hash(raw), prefix=raw[: len(TOKEN_PREFIX) + 4], created_by=by
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Stop ``token`` working at once. A revoked token stays on the list, marked as such."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.is_revoked:
        raise ApiTokenError(f"'{token.name}' was already revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_mark_used(*, token: ApiToken, every_seconds: int = 60) -> None:
    """Record when a token was last used, at most once a minute, so that reading the API does
    not write on every request."""
    now = timezone.now()
    if token.last_used_at and (now - token.last_used_at).total_seconds() < every_seconds:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
