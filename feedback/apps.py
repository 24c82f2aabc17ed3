from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Voice and feedback"

    def ready(self):
        from casework.selectors import CASE_DATA_READ_BY_WORK
        from qaf import navigation, subject_access, work
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401 - registers the demo seeder
            link_logging,
            retention,
            workflow,  # noqa: F401  (registers its state machines)
        )
        from .subject_access import voice_sections
        from .work import my_voice_work

        work.register(
            my_voice_work,
            reads=(
                "feedback.SafeguardingAlert",
                "feedback.Invitation",
                "feedback.ComplaintOrCompliment",
                "feedback.ParticipationRecommendation",
                *CASE_DATA_READ_BY_WORK,
            ),
        )
        retention.register()
        subject_access.register(voice_sections)
        link_logging.install()

        def any_of(*roles):
            return lambda user: any(user.has_role(role) for role in roles)

        navigation.register(
            navigation.NavLink(
                "Voice",
                "feedback:monitoring",
                any_of(Role.TEAM_MANAGER, Role.SENIOR_MANAGER, Role.DIRECTOR, Role.QA_OFFICER),
                order=40,
            )
        )
        navigation.register(
            navigation.NavLink(
                "Feedback links", "feedback:invitation_list", any_of(Role.PRACTITIONER), order=41
            )
        )
        navigation.register(
            navigation.NavLink(
                "Participation",
                "feedback:participation_list",
                any_of(Role.PARTICIPATION_WORKER),
                order=42,
            )
        )
