from django.apps import AppConfig


class QafConfig(AppConfig):
    name = "qaf"
    verbose_name = "Quality Assurance Framework"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the system checks
        from .middleware import session_mark_refreshed

        user_logged_in.connect(session_mark_refreshed, dispatch_uid="qaf-session-refreshed")

        from . import retention
        from .models import DownloadLog, FormSubmission, Notification

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
        retention.register(
            retention.RecordType(
                key="download_logs",
                label="Download log (who downloaded which list)",
                default_years=3,
                expired=lambda cutoff: DownloadLog.objects.filter(downloaded_at__lt=cutoff),
                kept_from="the day of the download",
            )
        )
