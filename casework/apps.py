from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Service and children"

    def ready(self) -> None:
        from . import demo  # noqa: F401  (registers the demo seeder)
