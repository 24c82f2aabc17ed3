"""The first wording of the four public pages, which QA officers change in the app from then on."""

from django.db import migrations


def write_pages(apps, schema_editor):
    from pages.content import install

    install(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(write_pages, migrations.RunPython.noop)]
