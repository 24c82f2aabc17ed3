from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Public pages"

    def ready(self) -> None:
        from qaf import navigation
        from qaf.roles import Role

        from . import demo  # noqa: F401 - registers the demo seeder

        navigation.register(
            navigation.NavLink(
                "Public pages",
                "pages:page_list",
                lambda user: user.has_role(Role.QA_OFFICER),
                order=70,
            )
        )
