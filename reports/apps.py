from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Assurance reports"

    def ready(self) -> None:
        from pages import yearly_summary
        from qaf import navigation, work
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401 - registers the demo seeder
            workflow,  # noqa: F401 - registers the state machine
        )
        from .selectors import yearly_summary_link
        from .work import reports_to_sign_off

        yearly_summary.register(yearly_summary_link)
        work.register(reports_to_sign_off, reads=("reports.AssuranceReport",))
        navigation.register(
            navigation.NavLink(
                "Reports",
                "reports:list",
                lambda user: any(
                    user.has_role(role)
                    for role in (Role.QA_OFFICER, Role.DIRECTOR, Role.SENIOR_MANAGER)
                ),
                order=55,
            )
        )
