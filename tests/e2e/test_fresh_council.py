"""A fresh council in a real browser: its first QA officer signs in (setting up two-factor
authentication), sets up areas and teams, imports the HR staff list and the Annex A workbook,
matches the one worker named differently, chooses peer auditors and draws the first sample,
with axe on every page on the way."""

import re

import pytest

from audits.models import AuditRound
from casework.models import Allocation
from qaf.roles import Role
from tests import second_factor
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import TEST_PASSWORD, UserFactory
from tests.organisation.staff import AREAS, DUTY
from tests.organisation.test_fresh_council_journey import ANNEX_A, STAFF_LIST

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Managers chosen as peer auditors: one in each of six teams, none of them anyone's line manager
# but their own team's (TM001 line manages the other managers).
PEER_TEAMS = [
    "Locality 4 Unit 2",
    "Locality 4 Duty Team",
    "Locality 3 Duty Team",
    "Children in Care Team 1",
    "Children in Care Team 2",
    "Care Leavers Team",
]


def checked(page, *, width: bool = True) -> None:
    assert_accessible(page)
    if width:
        assert_fits_320(page)


def test_a_fresh_council_is_set_up_and_sampled_in_the_browser(page, second_factor_on):
    UserFactory(username="qa.lead", full_name="Quinn Ashby", roles=[Role.QA_OFFICER])

    # Sign in: password, then set up the authenticator app, then save the recovery codes.
    page.goto("/accounts/login/")
    checked(page)
    page.get_by_label("Username").fill("qa.lead")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up two-factor authentication", level=1).wait_for()
    checked(page)
    secret = page.locator("#second-factor-secret").inner_text()
    page.get_by_label("Code from the app").fill(second_factor.code_for(secret))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Save your recovery codes", level=1).wait_for()
    checked(page)
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved my codes, continue").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    page.get_by_text("Set up the service").first.wait_for()
    checked(page)

    # Service areas and teams.
    for number, (area_name, teams) in enumerate(AREAS.items()):
        page.goto("/organisation/areas/new/")
        if number == 0:
            checked(page)
        page.locator('[name="name"]').fill(area_name)
        page.get_by_role("button", name="Save the service area").click()
        page.get_by_role("heading", name="Organisation", level=1).wait_for()
        for team in teams:
            page.goto("/organisation/teams/new/")
            page.locator('[name="name"]').fill(team)
            page.locator('[name="service_area"]').select_option(label=area_name)
            if team in DUTY:
                page.locator('[name="is_duty"]').check()
            page.get_by_role("button", name="Add the team").click()
            page.get_by_text(f"{team} is added").wait_for()
    page.goto("/organisation/")
    checked(page)

    # The HR staff list: previewed, then imported.
    page.goto("/organisation/staff/upload/")
    checked(page)
    page.get_by_label("Staff list (CSV)").set_input_files(str(STAFF_LIST))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("Add Mathilde Cutsforth-Price (SW").wait_for()
    checked(page)
    page.get_by_role("button", name="Import the staff list").click()
    page.get_by_text("The staff list is imported.").wait_for()
    checked(page)

    # The Annex A workbook.
    page.get_by_role("link", name="Case data", exact=True).click()
    page.get_by_role("button", name="Import a file").click()
    page.get_by_role("heading", name="Import case data", level=1).wait_for()
    page.get_by_label("Case data file").set_input_files(str(ANNEX_A))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check before importing", level=1).wait_for()
    checked(page)
    page.get_by_role("button", name="Import these cases").click()
    page.get_by_text("Imported Annex_A_sample.xlsx").wait_for()
    checked(page)

    # The worker the workbook names by her maiden name is matched by hand.
    page.goto("/organisation/workers/")
    checked(page)
    choice = page.locator('select[name="person"] option', has_text="Mathilde Cutsforth-Price")
    page.get_by_label("Someone else on the staff list").select_option(
        value=choice.get_attribute("value")
    )
    page.get_by_role("button", name="Match Mathilde Cutsforth").click()
    page.get_by_text("Every worker named by case data is on the staff list").wait_for()
    checked(page)
    assert not Allocation.objects.filter(worker__full_name="Mathilde Cutsforth").exists()

    # Peer auditors, chosen on each manager's page.
    for number, team in enumerate(PEER_TEAMS):
        page.goto("/organisation/people/")
        if number == 0:
            checked(page)
        page.get_by_role("link", name=f"Manager of {team}", exact=True).click()
        page.locator('input[name="roles-roles"][value="Peer auditor"]').check()
        page.locator('[name="roles-capacity"]').fill("10")
        page.get_by_role("button", name="Save the roles").click()
        page.get_by_text("roles are saved").wait_for()
        if number == 0:
            checked(page)

    # The preview, then the draw.
    page.goto("/audits/rounds/sample/")
    checked(page)
    assert page.get_by_text("short").count() == 0
    page.get_by_role("button", name=re.compile(r"^Sample .* and tell the auditors$")).click()
    page.get_by_text("The auditors have been told.").wait_for()
    checked(page)

    audits = list(AuditRound.objects.get().case_audits.all())
    assert audits
    assert not [audit.assignment_note for audit in audits if audit.assignment_note]
    assert all(audit.peer_auditor_id and audit.team_manager_id for audit in audits)
