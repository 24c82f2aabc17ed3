"""The demo audits: lived-in, idempotent, and ready for the demo manager and peer to grade."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from audits.models import AuditRound, CaseAudit, Conversation, Grading, SafeguardingConcern
from qaf.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_round_and_this_months_round_under_way(settings, capsys):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo")
    september, november = AuditRound.objects.order_by("period")
    assert (september.period, november.period) == (dt.date(2026, 9, 1), dt.date(2026, 11, 1))
    past = set(CaseAudit.objects.filter(round=september).values_list("status", flat=True))
    assert past == {"both_graded", "agreed"}
    now = CaseAudit.objects.filter(round=november)
    assert now.values("team").distinct().count() == 8
    assert {"sampled", "in_progress", "both_graded"} <= set(now.values_list("status", flat=True))
    assert Grading.objects.filter(case_audit__round=november, submitted_at__isnull=True).exists()
    assert Grading.objects.filter(case_audit__round=november, submitted_at__isnull=False).exists()
    assert Conversation.objects.filter(case_audit__round=november).exists()
    assert SafeguardingConcern.objects.exists()
    assert now.filter(peer_auditor__isnull=True).exists(), "some cases wait for the QA officer"
    assert not Notification.objects.filter(emailed_at__isnull=True).exists(), "no console spam"

    # The demo manager and peer share a case that neither has started.
    shared = now.get(team_manager__username="manager", peer_auditor__username="peer")
    assert shared.status == "sampled"
    assert now.filter(peer_auditor__username="peer").count() >= 3

    counts = (CaseAudit.objects.count(), Grading.objects.count(), Notification.objects.count())
    call_command("seed_demo")
    assert (CaseAudit.objects.count(), Grading.objects.count(), Notification.objects.count()) == (
        counts
    )

    capsys.readouterr()
    call_command("run_monthly_sampling", "--period", "2026-11")
    assert "November 2026 was already sampled" in capsys.readouterr().out
    call_command("run_monthly_sampling", "--period", "2026-12")
    out = capsys.readouterr().out
    assert "Sampled December 2026: 24 cases from all 8 teams" in out
    for team in ("Duty and MASH", "Safeguarding 1", "Children in Care", "Leaving Care"):
        assert team in out
