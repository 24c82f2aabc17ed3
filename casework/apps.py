from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Service and children"

    def ready(self) -> None:
        from qaf import navigation, subject_access
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401  (registers the demo seeder)
            retention,
            workflow,  # noqa: F401  (registers its state machines)
        )
        from .imports import demo as import_demo  # noqa: F401  (the demo's import history)
        from .subject_access import child_sections

        retention.register()
        subject_access.register(child_sections)

        navigation.register(
            navigation.NavLink(
                label="Case data",
                url_name="casework:import_history",
                visible_to=lambda user: user.has_role(Role.QA_OFFICER),
                order=80,
            )
        )
        navigation.register(
            navigation.NavLink(
                label="Subject access",
                url_name="casework:subject_access",
                visible_to=lambda user: user.has_role(Role.QA_OFFICER),
                order=81,
            )
        )
