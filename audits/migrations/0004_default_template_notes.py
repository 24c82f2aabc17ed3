"""Reword the default template's note, which pointed QA officers at a developers' document."""

from django.db import migrations

OLD_NOTES = "The default template: DESIGN.md's six domains."
NEW_NOTES = (
    "The template the service started with: six domains, from the child's lived experience "
    "and voice to impact and outcomes."
)


def reword(apps, schema_editor):
    apps.get_model("audits", "AuditTemplate").objects.filter(notes=OLD_NOTES).update(
        notes=NEW_NOTES
    )


def restore(apps, schema_editor):
    apps.get_model("audits", "AuditTemplate").objects.filter(notes=NEW_NOTES).update(
        notes=OLD_NOTES
    )


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_concern_acknowledgement")]

    operations = [migrations.RunPython(reword, restore)]
