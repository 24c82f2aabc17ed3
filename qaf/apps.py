from django.apps import AppConfig


class QafConfig(AppConfig):
    name = "qaf"
    verbose_name = "Quality Assurance Framework"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
