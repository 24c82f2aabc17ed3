from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API for BI tools"

    def ready(self) -> None:
        from qaf import navigation
        from qaf.roles import Role

        from . import demo  # noqa: F401 - registers the demo seeder

        navigation.register(
            navigation.NavLink(
                label="API tokens",
                url_name="api:tokens",
                visible_to=lambda user: user.has_role(Role.QA_OFFICER),
                order=95,
            )
        )
