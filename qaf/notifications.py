"""Tell people things: a message in the app, and the same message by email."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification


@transaction.atomic
def notification_send(
    *, recipients: Iterable, subject: str, body: str = "", url: str = "", dedupe_key: str = ""
) -> list[Notification]:
    """Create one notification per recipient and email it once the transaction commits.

    With a ``dedupe_key``, a recipient who already has that key gets nothing new, so a
    reminder or escalation sent by a daily job fires exactly once.
    """
    from .tasks import notification_email

    sent = []
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        if dedupe_key:
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                dedupe_key=dedupe_key,
                defaults={"subject": subject, "body": body, "url": url},
            )
            if not created:
                continue
        else:
            notification = Notification.objects.create(
                recipient=recipient, subject=subject, body=body, url=url
            )
        sent.append(notification)
        transaction.on_commit(lambda pk=notification.pk: notification_email.delay(pk))
    return sent


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notification_mark_all_read(*, recipient) -> int:
    """Mark every unread message of ``recipient`` read; returns how many there were."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
