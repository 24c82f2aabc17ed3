"""Demo data: each app registers a seeder that adds its part of a lived-in authority.

Seeders run in registration order (apps in INSTALLED_APPS order), each inside the seed_demo
transaction, and must be idempotent: running seed_demo twice changes nothing.
"""

from collections.abc import Callable

DemoSeeder = Callable[..., str]
_seeders: list[tuple[str, DemoSeeder]] = []


def register(name: str) -> Callable[[DemoSeeder], DemoSeeder]:
    def decorator(seeder: DemoSeeder) -> DemoSeeder:
        if all(existing != name for existing, _ in _seeders):
            _seeders.append((name, seeder))
        return seeder

    return decorator


def seeders() -> list[tuple[str, DemoSeeder]]:
    return list(_seeders)


def inbox_settle(*, after_pk: int, now) -> int:
    """Leave each demo person a handful of unread messages (three to seven), as if they had read
    the older ones, a few hours after each arrived. Only messages above ``after_pk`` (made by this
    run) are touched, so a second run changes nothing. Returns how many were marked read."""
    from datetime import timedelta

    from django.db.models import DateTimeField, F, Value
    from django.db.models.functions import Least

    from .models import Notification

    fresh = Notification.objects.filter(pk__gt=after_pk, read_at__isnull=True).order_by(
        "recipient_id", "-created_at", "-pk"
    )
    seen: dict[int, int] = {}
    to_read = []
    for pk, recipient_id in fresh.values_list("pk", "recipient_id"):
        seen[recipient_id] = seen.get(recipient_id, 0) + 1
        if seen[recipient_id] > 3 + recipient_id % 5:
            to_read.append(pk)
    return Notification.objects.filter(pk__in=to_read).update(
        read_at=Least(
            F("created_at") + timedelta(hours=4), Value(now, output_field=DateTimeField())
        )
    )
