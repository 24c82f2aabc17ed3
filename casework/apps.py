from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Service and children"

    def ready(self) -> None:
        from qaf import navigation
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401  (registers the demo seeder)
            retention,
        )
        from .imports import demo as import_demo  # noqa: F401  (the demo's import history)

        retention.register()

        navigation.register(
            navigation.NavLink(
                label="Case data",
                url_name="casework:import_history",
                visible_to=lambda user: user.has_role(Role.QA_OFFICER),
                order=80,
            )
        )
