from django.apps import AppConfig


class QafConfig(AppConfig):
    name = "qaf"
    verbose_name = "Quality Assurance Framework"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the system checks
        from .middleware import session_mark_refreshed

        user_logged_in.connect(session_mark_refreshed, dispatch_uid="qaf-session-refreshed")
