"""A fresh installation set up by its QA officer, from nothing to a drawn sample, by the pages
alone: signing in (with two-factor authentication), areas and teams, the HR staff list, the
Annex A workbook, matching the one worker named differently, peer auditors, and the draw."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditRound
from casework.models import Allocation, ImportRun, ServiceArea, Team
from organisation.models import StaffImportRun, StaffRecord
from qaf.models import User
from qaf.roles import Role
from tests import second_factor
from tests.factories import UserFactory

from .staff import AREAS, DUTY

pytestmark = pytest.mark.django_db

ANNEX_A = Path("/work/shared/data/annex-a/Annex_A_sample.xlsx")
if not ANNEX_A.exists():  # the same workbook, kept with the case data tests
    ANNEX_A = Path(__file__).parents[1] / "casework" / "data" / "annex-a" / "Annex_A_sample.xlsx"
STAFF_LIST = Path(__file__).parent / "data" / "staff_annex_a.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ok(response, *, status=302):
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def test_a_qa_officer_sets_up_a_fresh_service_and_draws_a_sample(client):
    assert not User.objects.exists(), "a fresh database"
    qa = UserFactory(username="qa.lead", full_name="Quinn Ashby", roles=[Role.QA_OFFICER])
    second_factor.sign_in(client, qa)

    home = client.get(reverse("home")).text
    assert "Set up the service" in home
    assert home.count("To do") == 5, "only the default template is already published"

    # 1. Service areas and teams.
    for area_name, teams in AREAS.items():
        ok(client.post(reverse("organisation:area_add"), {"name": area_name}))
        area = ServiceArea.objects.get(name=area_name)
        for team in teams:
            data = {"name": team, "service_area": area.pk}
            if team in DUTY:
                data["is_duty"] = "on"
            ok(client.post(reverse("organisation:team_add"), data))
    assert Team.objects.filter(awaiting_review=False).count() == 16
    assert Team.objects.get(name="Locality 4 Duty Team").is_duty

    # 2. The staff list: previewed, then imported.
    upload = SimpleUploadedFile("staff.csv", STAFF_LIST.read_bytes(), content_type="text/csv")
    ok(client.post(reverse("organisation:staff_import_upload"), {"file": upload}))
    run = StaffImportRun.objects.get()
    preview = client.get(run.get_absolute_url()).text
    assert "Add Mathilde Cutsforth-Price (SW" in preview
    assert StaffRecord.objects.count() == 0, "a preview writes nothing"
    ok(client.post(reverse("organisation:staff_import_confirm", args=[run.pk])))
    assert StaffRecord.objects.count() == 16 + 25

    # 3. The Annex A workbook.
    workbook = SimpleUploadedFile(ANNEX_A.name, ANNEX_A.read_bytes(), content_type=XLSX)
    ok(client.post(reverse("casework:import_upload"), {"file": workbook}))
    case_run = ImportRun.objects.get()
    ok(client.post(reverse("casework:import_confirm", args=[case_run.pk])))
    case_run.refresh_from_db()
    assert case_run.status == ImportRun.Status.APPLIED

    # 4. The one worker the file names differently from HR is matched by hand.
    workers_page = client.get(reverse("organisation:workers")).text
    assert "Mathilde Cutsforth" in workers_page
    placeholder = User.objects.get(full_name="Mathilde Cutsforth")
    person = User.objects.get(full_name="Mathilde Cutsforth-Price")
    ok(
        client.post(
            reverse("organisation:worker_match", args=[placeholder.pk]), {"person": person.pk}
        )
    )
    assert not Allocation.objects.filter(worker=placeholder).exists()
    assert Allocation.objects.filter(worker=person, end_date__isnull=True).exists()
    assert "Every worker named by case data is on the staff list" in (
        client.get(reverse("organisation:workers")).text
    )

    # 5. Every team manager becomes a peer auditor, with a capacity of 3 a month.
    for record in StaffRecord.objects.filter(staff_id__startswith="TM").select_related("user"):
        ok(
            client.post(
                reverse("organisation:person", args=[record.user_id]),
                {
                    "action": "roles",
                    "roles-roles": [Role.TEAM_MANAGER.value, Role.PEER_AUDITOR.value],
                    "roles-capacity": "3",
                    "roles-line_manager": record.line_manager_id or "",
                },
            )
        )

    # 6. The preview shows capacity against the sample, then the draw.
    sample_page = client.get(reverse("audits:round_sample")).text
    assert "Peer auditors not on leave can take 48" in sample_page
    assert "short" not in sample_page
    ok(client.post(reverse("audits:round_sample")))
    audit_round = AuditRound.objects.get()
    audits = list(audit_round.case_audits.all())
    assert audits, "the service's open cases were sampled"
    # Every case the rules can place is placed: none is left for the QA officer to assign by
    # hand, and the round page lists none as needing an auditor.
    left_for_hand = [audit.assignment_note for audit in audits if audit.assignment_note]
    assert not left_for_hand
    assert all(audit.peer_auditor_id and audit.team_manager_id for audit in audits)
    assert all(audit.peer_auditor_id != audit.team_manager_id for audit in audits)
    round_page = client.get(reverse("audits:round", args=[audit_round.pk]))
    assert round_page.status_code == 200
    assert "The sampling rules could not find an auditor" not in round_page.text

    home = client.get(reverse("home")).text
    assert "Set up the service" not in home, "every step is done"
