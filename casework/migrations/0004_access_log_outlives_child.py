import django.db.models.deletion
from django.db import migrations, models


def copy_child_ids(apps, schema_editor):
    ChildAccessLog = apps.get_model("casework", "ChildAccessLog")
    Child = apps.get_model("casework", "Child")
    for child in Child.objects.filter(pk__in=ChildAccessLog.objects.values("child_id")).iterator():
        ChildAccessLog.objects.filter(child_id=child.pk).update(child_ref=child.child_id)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_import_safety_and_team_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="childaccesslog",
            name="child_ref",
            field=models.CharField(
                db_index=True, default="", max_length=64, verbose_name="case-management ID"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_child_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="childaccesslog",
            name="child",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="access_log",
                to="casework.child",
            ),
        ),
    ]
