"""The organisation pages on the demo data, as a QA officer: each passes axe and fits 320 px,
and a staff list goes from upload to import by keyboard and mouse."""

import pytest

from organisation.models import Absence, Invitation, StaffImportRun, StaffRecord
from qaf.models import User
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert_accessible(page)
    assert_fits_320(page)


def test_a_qa_officer_walks_the_organisation_pages_and_imports_a_staff_list(page, tmp_path):
    load_demo()
    sign_in(page, "qa")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    away = Absence.objects.select_related("user").get()
    invited = Invitation.objects.select_related("user").get().user
    record = StaffRecord.objects.select_related("user").order_by("staff_id").first()
    team = record.user.team_memberships.select_related("team").first().team

    visit(page, "/organisation/")
    visit(page, "/organisation/people/")
    visit(page, f"/organisation/people/{away.user_id}/")
    page.get_by_text("Annual leave").first.wait_for()
    visit(page, f"/organisation/people/{invited.pk}/")
    page.get_by_text("waiting, the link works until").wait_for()
    visit(page, f"/organisation/teams/{team.pk}/")
    visit(page, "/organisation/teams/new/")
    visit(page, "/organisation/areas/new/")
    visit(page, "/organisation/workers/")
    visit(page, "/organisation/staff/imports/")
    visit(page, "/audits/rounds/sample/?period=2099-01")

    staff = tmp_path / "staff.csv"
    staff.write_text(
        "Staff ID,Name,Email,Job title,Team,Line manager,Start date,End date\n"
        f"X1,Morgan Fielding,morgan.fielding@northmoor.example,Social worker,{team.name},"
        f"{record.staff_id},01/09/2026,\n"
    )
    visit(page, "/organisation/staff/upload/")
    page.get_by_label("Staff list (CSV)").set_input_files(str(staff))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Add Morgan Fielding (X1)").wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Import the staff list").click()
    page.get_by_text("The staff list is imported.").wait_for()
    assert StaffImportRun.objects.get().status == "applied"
    assert User.objects.filter(full_name="Morgan Fielding").exists()
