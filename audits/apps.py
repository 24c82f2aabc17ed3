from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audits"

    def ready(self) -> None:
        from casework.selectors import CASE_DATA_READ_BY_WORK
        from qaf import navigation, subject_access, work
        from qaf.roles import Role

        from . import (
            demo,  # noqa: F401  (registers the demo seeder)
            retention,
            workflow,  # noqa: F401  (registers its state machines)
        )
        from .subject_access import audit_sections
        from .work import audit_work, concern_work

        reads = (
            "audits.AuditRound",
            "audits.CaseAudit",
            "audits.Grading",
            "audits.SafeguardingConcern",
            *CASE_DATA_READ_BY_WORK,
        )
        work.register(audit_work, reads=reads)
        work.register(concern_work, reads=reads)
        retention.register()
        subject_access.register(audit_sections)
        audit_roles = (
            Role.TEAM_MANAGER,
            Role.PEER_AUDITOR,
            Role.SENIOR_MANAGER,
            Role.DIRECTOR,
            Role.QA_OFFICER,
        )
        navigation.register(
            navigation.NavLink(
                label="Audits",
                url_name="audits:list",
                visible_to=lambda user: any(user.has_role(role) for role in audit_roles),
                order=20,
            )
        )
        navigation.register(
            navigation.NavLink(
                label="Audit rounds",
                url_name="audits:rounds",
                visible_to=lambda user: (
                    user.has_role(Role.QA_OFFICER) or user.has_role(Role.DIRECTOR)
                ),
                order=21,
            )
        )
