from django.db import migrations
from django.utils import timezone


def install_defaults(apps, schema_editor):
    from feedback import defaults

    defaults.install(apps.get_model, now=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
