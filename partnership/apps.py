from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Safeguarding Partnership"

    def ready(self) -> None:
        from qaf import navigation, work

        from . import (
            demo,  # noqa: F401 - registers the demo seeder
            workflow,  # noqa: F401 - registers the state machines
        )
        from .selectors import on_partnership_pages
        from .work import partnership_work

        work.register(
            partnership_work,
            reads=(
                "partnership.AgencySection",
                "partnership.MultiAgencyAudit",
                "partnership.PartnershipAction",
                "partnership.PartnershipFollowUp",
            ),
        )
        navigation.register(
            navigation.NavLink(
                "Multi-agency audits", "partnership:home", on_partnership_pages, order=75
            )
        )
