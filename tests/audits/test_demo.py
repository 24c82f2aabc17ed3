"""The demo audits: lived-in, idempotent, and ready for the demo manager and peer to grade."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from audits.models import AuditRound, CaseAudit, Conversation, Grading, SafeguardingConcern
from qaf.models import Notification
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_round_and_this_months_round_under_way(settings, capsys):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        load_demo()
    # The moderation app's demo adds rounds of its own and takes audits on round the loop, so
    # look for these two rounds by month and for the states their audits have been through.
    september = AuditRound.objects.get(period=dt.date(2026, 9, 1))
    november = AuditRound.objects.get(period=dt.date(2026, 11, 1))
    past = set(CaseAudit.history.filter(round=september).values_list("status", flat=True))
    assert {"both_graded", "agreed"} <= past
    now = CaseAudit.objects.filter(round=november)
    assert now.values("team").distinct().count() == 8
    been = set(CaseAudit.history.filter(round=november).values_list("status", flat=True))
    assert {"sampled", "in_progress", "both_graded"} <= been
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
