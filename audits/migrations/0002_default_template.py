"""Ship the default audit template (DESIGN.md's six domains) as version 1, published."""

from django.db import migrations


def create_default(apps, schema_editor):
    from audits.template_defaults import create_default_template

    AuditTemplate = apps.get_model("audits", "AuditTemplate")
    if AuditTemplate.objects.exists():
        return
    create_default_template(
        AuditTemplate,
        apps.get_model("audits", "AuditDomain"),
        apps.get_model("audits", "AuditQuestion"),
    )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
