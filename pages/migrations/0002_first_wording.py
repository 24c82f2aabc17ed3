"""The first wording of the four public pages, which QA officers change in the app from then on."""

from django.db import migrations


def write_pages(apps, schema_editor):
    from pages.content import PAGES

    Page = apps.get_model("pages", "Page")
    PageVersion = apps.get_model("pages", "PageVersion")
    for slug, wording in PAGES.items():
        page, _ = Page.objects.get_or_create(slug=slug)
        if not PageVersion.objects.filter(page=page).exists():
            PageVersion.objects.create(
                page=page,
                title=wording["title"],
                summary=wording["summary"],
                body_markdown=wording["body"],
                note="First version",
            )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(write_pages, migrations.RunPython.noop)]
