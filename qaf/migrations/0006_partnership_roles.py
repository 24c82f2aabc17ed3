"""The Safeguarding Partnership's two roles: its business manager, and partner auditors."""

from django.db import migrations

ROLES = ["Partnership business manager", "Partner auditor"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("qaf", "0005_download_log")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
