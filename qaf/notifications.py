"""Tell people things: a message in the app, and the same message by email."""

from collections.abc import Iterable
from dataclasses import dataclass

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
    # Nobody who cannot sign in (an imported staff record not yet invited, a leaver) is told.
    for recipient in {r.pk: r for r in recipients if r is not None and r.is_active}.values():
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


@dataclass(frozen=True)
class NotificationMessage:
    """One message for one person, for ``notification_send_many``."""

    recipient_id: int
    subject: str
    body: str = ""
    url: str = ""
    dedupe_key: str = ""


@transaction.atomic
def notification_send_many(*, messages: Iterable[NotificationMessage]) -> list[Notification]:
    """Create many notifications in a few queries, however many there are, and email them in one
    task once the transaction commits.

    As with ``notification_send``, a recipient who already has a message's ``dedupe_key`` gets
    nothing new. Meant for a job that holds its own lock (the monthly sampling does), so two runs
    never race for the same key.
    """
    from .tasks import notification_email_many

    messages = list(messages)
    keyed = [message for message in messages if message.dedupe_key]
    already = set()
    if keyed:
        already = set(
            Notification.objects.filter(
                recipient_id__in={message.recipient_id for message in keyed},
                dedupe_key__in={message.dedupe_key for message in keyed},
            ).values_list("recipient_id", "dedupe_key")
        )
    new = []
    for message in messages:
        if message.dedupe_key:
            key = (message.recipient_id, message.dedupe_key)
            if key in already:
                continue
            already.add(key)
        new.append(
            Notification(
                recipient_id=message.recipient_id,
                subject=message.subject,
                body=message.body,
                url=message.url,
                dedupe_key=message.dedupe_key,
            )
        )
    sent = Notification.objects.bulk_create(new)
    ids = [notification.pk for notification in sent]
    if ids:
        transaction.on_commit(lambda: notification_email_many.delay(ids))
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
