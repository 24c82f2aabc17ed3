from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from audits.signals import sample_previewed
        from qaf import availability, navigation, work
        from qaf.roles import Role

        from . import demo  # noqa: F401  (registers the demo seeder)
        from .selectors import on_leave_in
        from .services import sample_preview_record
        from .two_factor import on_sign_in
        from .work import first_run_checklist

        availability.register(on_leave_in)
        user_logged_in.connect(on_sign_in, dispatch_uid="organisation-second-factor")
        sample_previewed.connect(sample_preview_record, dispatch_uid="organisation-sample-preview")
        work.register(
            first_run_checklist,
            reads=(
                "casework.ServiceArea",
                "casework.Team",
                "casework.ImportRun",
                "organisation.StaffRecord",
                "organisation.StaffImportRun",
                "organisation.SamplePreview",
                "audits.AuditTemplate",
                "audits.AuditRound",
            ),
        )
        navigation.register(
            navigation.NavLink(
                label="Organisation",
                url_name="organisation:overview",
                visible_to=lambda user: user.has_role(Role.QA_OFFICER),
                order=79,
            )
        )
