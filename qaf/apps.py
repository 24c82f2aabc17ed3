from django.apps import AppConfig


class QafConfig(AppConfig):
    name = "qaf"
    verbose_name = "Quality Assurance Framework"

    def ready(self) -> None:
        from . import retention
        from .models import FormSubmission, Notification

        retention.register(
            retention.RecordType(
                key="notifications",
                label="Notifications",
                default_years=2,
                expired=lambda cutoff: Notification.objects.filter(created_at__lt=cutoff),
                kept_from="the day it was sent",
            )
        )
        retention.register(
            retention.RecordType(
                key="form_tokens",
                label="Used form tokens (against double clicks)",
                default_years=1,
                expired=lambda cutoff: FormSubmission.objects.filter(created_at__lt=cutoff),
                kept_from="the day the form was sent",
            )
        )
