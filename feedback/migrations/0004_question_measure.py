"""Survey questions link to an Improvement Plan measure by foreign key instead of a typed code:
each code in use becomes a measure (with its title where the default surveys name it)."""

import django.db.models.deletion
from django.db import migrations, models

TITLES = {
    "voice_easy_contact": "Children and families find it easy to contact their social worker",
    "voice_listened": "Children and families feel listened to",
    "voice_explained": "Children and families know why we are involved",
    "voice_plan_copy": "Children and families have a copy of their plan",
    "voice_positive_difference": "Our involvement makes a positive difference",
}
OUTCOME = "Children and families' voices shape our work"


def link_measures(apps, schema_editor):
    Question = apps.get_model("feedback", "Question")
    Measure = apps.get_model("casework", "Measure")
    codes = set(Question.objects.exclude(measure_code="").values_list("measure_code", flat=True))
    for code in sorted(codes):
        measure, _ = Measure.objects.get_or_create(
            code=code.strip()[:60],
            defaults={"title": TITLES.get(code.strip(), code.strip()), "outcome": OUTCOME},
        )
        Question.objects.filter(measure_code=code).update(measure=measure)


def unlink_measures(apps, schema_editor):
    Question = apps.get_model("feedback", "Question")
    for question in Question.objects.filter(measure__isnull=False).select_related("measure"):
        question.measure_code = question.measure.code
        question.save(update_fields=["measure_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_improvement_plan_measures"),
        ("feedback", "0003_answer_counted_by_response"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="measure",
            field=models.ForeignKey(
                blank=True,
                help_text="The Improvement Plan measure this answer counts towards.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="survey_questions",
                to="casework.measure",
                verbose_name="Improvement Plan measure",
            ),
        ),
        migrations.RunPython(link_measures, unlink_measures),
        migrations.RemoveField(model_name="question", name="measure_code"),
    ]
