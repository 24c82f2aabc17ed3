"""The demo's dates follow the calendar whatever day it is loaded on: rounds sampled on their
month's first working day, work spread over the weeks after, nothing dated ahead but due dates,
and open work with a mix of overdue, due soon and later."""

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.utils import timezone

from audits.models import AuditRound, Conversation, Grading
from moderation.models import Action, Moderation
from qaf.workdays import first_working_day
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db

# Fields that say when something should happen, or until when: these may lie ahead.
AHEAD_ALLOWED = (
    "due",
    "expires",
    "complete_by",
    "re_audit_period",
    "valid_until",
    "escalate_after",
)


def _dated_fields():
    for app in ("casework", "audits", "moderation", "feedback", "kpis", "qaf"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField) and not any(
                    word in field.name for word in AHEAD_ALLOWED
                ):
                    yield model, field


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC),  # a Monday, the month's last day
        dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC),  # the day after the New Year bank holiday
    ],
    ids=["30-november", "5-january"],
)
def test_every_demo_date_is_plausible_for_its_month(settings, now):
    settings.DEBUG = True
    # Rows the migrations made (the default template, say) were made on the real clock.
    shipped = {
        model: list(model._default_manager.values_list("pk", flat=True))
        for model, _ in _dated_fields()
    }
    with time_machine.travel(now, tick=False):
        load_demo()
        today = timezone.localdate()
        moment = timezone.now()

    ahead = []
    for model, field in _dated_fields():
        limit = moment if isinstance(field, models.DateTimeField) else today
        late = model._default_manager.filter(**{f"{field.name}__gt": limit})
        count = late.exclude(pk__in=shipped[model]).count()
        if count:
            ahead.append(f"{model.__name__}.{field.name}: {count}")
    assert ahead == []

    for audit_round in AuditRound.objects.all():
        sampled = timezone.localtime(audit_round.sampled_at).date()
        expected = min(first_working_day(audit_round.period.year, audit_round.period.month), today)
        assert sampled == expected, audit_round
        submitted = {
            timezone.localtime(at).date()
            for at in Grading.objects.filter(
                case_audit__round=audit_round, submitted_at__isnull=False
            ).values_list("submitted_at", flat=True)
        }
        assert all(day.month == audit_round.period.month for day in submitted), audit_round
        if audit_round.period < today.replace(day=1):
            assert len(submitted) >= 3, f"{audit_round}: gradings all on a day or two"
            held = set(
                Conversation.objects.filter(case_audit__round=audit_round).values_list(
                    "held_on", flat=True
                )
            )
            assert len(held) >= 3, f"{audit_round}: conversations all on a day or two"

    open_actions = list(
        Action.objects.filter(status=Action.Status.OPEN).values_list("due_date", flat=True)
    )
    assert any(due < today for due in open_actions), "some actions are overdue"
    assert any(due > today for due in open_actions), "some actions are due later"
    assert sum(due == today for due in open_actions) < len(open_actions) / 2
    assert Action.objects.filter(status=Action.Status.DONE).exists()
    waiting = list(
        Moderation.objects.filter(moderated_at__isnull=True).values_list("due_date", flat=True)
    )
    assert waiting and not all(due == today for due in waiting)
    assert any(due < today for due in waiting), "one moderation has run overdue"
