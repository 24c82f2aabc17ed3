from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.utils import timezone


@shared_task
def ping() -> str:
    """The smallest round trip through the broker, for monitoring and the worker test."""
    return "pong"


@shared_task(acks_late=True)
def notification_email(notification_id: int) -> bool:
    """Email a notification once; a second run (redelivery) sends nothing."""
    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        send_mail(
            subject=notification.subject,
            message=_email_text(notification),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(acks_late=True)
def notification_email_many(notification_ids: list[int]) -> int:
    """Email many notifications over one mail connection, in a fixed number of queries; one
    already emailed (a redelivery) is not sent again. Returns how many were sent."""
    from .models import Notification

    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .exclude(recipient__email="")
            .order_by("pk")
        )
        if not notifications:
            return 0
        with get_connection() as mail:
            mail.send_messages(
                [
                    EmailMessage(
                        subject=notification.subject,
                        body=_email_text(notification),
                        to=[notification.recipient.email],
                        connection=mail,
                    )
                    for notification in notifications
                ]
            )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return len(notifications)


def _email_text(notification) -> str:
    link = (
        f"\n\nOpen it in the service: {settings.QAF_BASE_URL}{notification.url}"
        if notification.url
        else ""
    )
    return f"{notification.body}{link}\n\nQuality Assurance Framework"


@shared_task(acks_late=True)
def apply_retention() -> dict[str, int]:
    """The daily clean-up of records past their retention period; running it twice is harmless."""
    from .retention import retention_apply

    return {result.record_type.key: result.count for result in retention_apply()}
