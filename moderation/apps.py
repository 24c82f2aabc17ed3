from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from audits.signals import case_audit_both_graded
        from qaf import audit_themes, navigation, subject_access, work
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401  (registers the demo seeder)
            workflow,  # noqa: F401  (registers its state machines)
        )
        from .receivers import route_when_both_graded
        from .selectors import anonymised_theme_counts
        from .subject_access import loop_sections
        from .work import loop_work

        case_audit_both_graded.connect(
            route_when_both_graded, dispatch_uid="moderation.route_when_both_graded"
        )
        from casework.selectors import CASE_DATA_READ_BY_WORK

        work.register(
            loop_work,
            reads=(
                "audits.CaseAudit",
                "audits.Grading",
                "moderation.Moderation",
                "moderation.FinalGrade",
                "moderation.LearningNote",
                "moderation.Action",
                "moderation.PractitionerFeedback",
                "moderation.FollowUpReview",
                "moderation.Escalation",
                *CASE_DATA_READ_BY_WORK,
            ),
        )
        subject_access.register(loop_sections)
        audit_themes.register(anonymised_theme_counts)

        def holds(*roles):
            return lambda user: any(user.has_role(role) for role in roles)

        links = [
            (
                "Moderation",
                "moderation:list",
                (Role.SENIOR_MANAGER, Role.QA_OFFICER, Role.DIRECTOR),
                30,
            ),
            (
                "Follow-ups",
                "moderation:follow_ups",
                (Role.SENIOR_MANAGER, Role.QA_OFFICER, Role.DIRECTOR),
                31,
            ),
            (
                "Actions",
                "moderation:actions",
                (
                    Role.TEAM_MANAGER,
                    Role.PRACTITIONER,
                    Role.SENIOR_MANAGER,
                    Role.QA_OFFICER,
                    Role.DIRECTOR,
                ),
                32,
            ),
            ("Your feedback", "moderation:feedback_list", (Role.PRACTITIONER,), 33),
            (
                "Learning",
                "moderation:learning",
                (
                    Role.TEAM_MANAGER,
                    Role.PEER_AUDITOR,
                    Role.SENIOR_MANAGER,
                    Role.QA_OFFICER,
                    Role.DIRECTOR,
                    Role.PARTICIPATION_WORKER,
                ),
                34,
            ),
        ]
        for label, url_name, roles, order in links:
            navigation.register(
                navigation.NavLink(
                    label=label, url_name=url_name, visible_to=holds(*roles), order=order
                )
            )
