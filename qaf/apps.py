from django.apps import AppConfig


class QafConfig(AppConfig):
    name = "qaf"
    verbose_name = "Quality Assurance Framework"

    def ready(self) -> None:
        from . import retention
        from .models import Notification

        retention.register(
            retention.RecordType(
                key="notifications",
                label="Notifications",
                default_years=2,
                expired=lambda cutoff: Notification.objects.filter(created_at__lt=cutoff),
                kept_from="the day it was sent",
            )
        )
