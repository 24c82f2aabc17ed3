from django.db import migrations


def install(apps, schema_editor):
    from staffvoice.defaults import health_check_install

    health_check_install(
        apps.get_model("staffvoice", "StaffSurvey"), apps.get_model("staffvoice", "StaffQuestion")
    )


class Migration(migrations.Migration):
    dependencies = [("staffvoice", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
