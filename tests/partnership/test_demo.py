"""The demo's Safeguarding Partnership: a finished neglect audit and one in progress."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from partnership.models import AgencySection, MultiAgencyAudit, PartnershipFollowUp
from qaf.models import User
from tests.demo_snapshot import DEMO_DAY, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_multi_agency_audit_and_one_in_progress():
    with time_machine.travel(DEMO_DAY, tick=False):
        load_demo()
        finished = MultiAgencyAudit.objects.get(status=MultiAgencyAudit.Status.FINISHED)
        assert finished.theme == MultiAgencyAudit.Theme.NEGLECT
        assert sorted(finished.sections.values_list("agency__kind", flat=True)) == [
            "education",
            "health",
            "police",
        ]
        assert finished.findings.exists()
        follow_ups = PartnershipFollowUp.objects.filter(action__audit=finished)
        assert follow_ups.filter(status=PartnershipFollowUp.Status.COMPLETED).count() == 1
        assert finished.finished_on == finished.panel_date

        going = MultiAgencyAudit.objects.get(status=MultiAgencyAudit.Status.ANSWERING)
        states = dict(going.sections.values_list("agency__kind", "status"))
        assert states == {
            "police": AgencySection.Status.SUBMITTED,
            "health": AgencySection.Status.DRAFT,
        }

        for username, text in [
            ("partnership", "Multi-agency audits"),
            ("health", "Answer Northmoor Health and Care NHS Trust"),
        ]:
            user = User.objects.get(username=username)
            assert user.check_password("demo-password-123")
            client = Client()
            client.force_login(user)
            assert text in client.get(reverse("home")).content.decode()
        police = Client()
        police.force_login(User.objects.get(username="police"))
        assert police.get(reverse("audits:list")).status_code == 404
        assert police.get(reverse("partnership:audit", args=[going.pk])).status_code == 200
