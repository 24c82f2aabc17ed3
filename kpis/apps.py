from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = "KPIs"

    def ready(self) -> None:
        from . import (
            cache,
            demo,  # noqa: F401 - registers the demo seeder
            work,
        )

        work.register()
        cache.watch()
