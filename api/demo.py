"""Demo API tokens: the council's BI tool, in use, and an older one a QA officer revoked.

Their secrets are thrown away: the demo prints nothing that opens the API. A QA officer makes a
fresh token on the API tokens page to try it."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from qaf import demo

from .models import ApiToken
from .services import api_token_create, api_token_revoke


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@demo.register("api")
def seed(*, today: date, rng: random.Random) -> str:
    if ApiToken.objects.exists():
        return "API tokens already there"
    qa = get_user_model().objects.filter(username="qa").first()
    if qa is None:
        return "no QA officer to make API tokens"
    old = api_token_create(name="Performance spreadsheet (old)", by=qa).token
    api_token_revoke(token=old, by=qa)
    council_bi = api_token_create(name="Council BI", by=qa).token
    # Dated as the QA officer made them: the old one in the summer, Council BI in September,
    # read by the BI tool's nightly refresh ever since.
    ApiToken.objects.filter(pk=old.pk).update(
        created_at=_at(today - timedelta(days=150), 10),
        last_used_at=_at(today - timedelta(days=80), 2),
        revoked_at=_at(today - timedelta(days=75), 14),
    )
    ApiToken.objects.filter(pk=council_bi.pk).update(
        created_at=_at(today - timedelta(days=76), 11),
        last_used_at=_at(today - timedelta(days=1), 2),
    )
    return "2 API tokens (Council BI in use, one revoked)"
