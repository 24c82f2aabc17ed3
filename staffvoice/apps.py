from django.apps import AppConfig


class StaffVoiceConfig(AppConfig):
    name = "staffvoice"
    verbose_name = "Staff voice"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from feedback.models import ComplaintOrCompliment
        from moderation.models import PractitionerFeedback
        from qaf import monitoring, navigation, work

        from . import (
            demo,  # noqa: F401 - registers the demo seeder
            log_privacy,
            workflow,  # noqa: F401 - registers the state machines
        )
        from .receivers import compliment_from_audit, compliment_from_register

        post_save.connect(
            compliment_from_audit,
            sender=PractitionerFeedback,
            dispatch_uid="staffvoice.compliment_from_audit",
        )
        post_save.connect(
            compliment_from_register,
            sender=ComplaintOrCompliment,
            dispatch_uid="staffvoice.compliment_from_register",
        )
        from .selectors import recognition_panel
        from .work import staff_voice_work

        monitoring.register(recognition_panel)
        work.register(
            staff_voice_work,
            reads=("staffvoice.AnonymousComment", "staffvoice.CircleSuggestion"),
        )
        log_privacy.install()
        navigation.register(
            navigation.NavLink(
                "Staff voice", "staffvoice:home", lambda user: user.is_authenticated, order=60
            )
        )
