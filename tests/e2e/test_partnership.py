"""A multi-agency audit in a browser: the business manager sets up a neglect audit with police
and health, each partner auditor answers their agency's section on their own account, the panel
records a finding and an action for health, and the follow-up comes due three months later.
axe runs on every page, and each fits 320 px."""

import datetime as dt

import pytest

from casework.models import Episode
from partnership.models import (
    AgencySection,
    MultiAgencyAudit,
    PartnerAgency,
    PartnerAuditor,
    PartnershipAction,
    PartnershipFollowUp,
)
from partnership.services import follow_ups_open
from qaf.roles import Role
from qaf.workdays import add_months
from tests import factories
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partnership(db):
    manager = factories.UserFactory(
        username="partnership", full_name="Helen Marsh", roles=[Role.BUSINESS_MANAGER]
    )
    people = {"partnership": manager}
    for username, name, agency_name, kind in [
        ("police", "Mark Oduya", "Northmoor Police", PartnerAgency.Kind.POLICE),
        ("health", "Claire Benson", "Northmoor Health Trust", PartnerAgency.Kind.HEALTH),
    ]:
        user = factories.UserFactory(
            username=username, full_name=name, roles=[Role.PARTNER_AUDITOR]
        )
        agency = PartnerAgency.objects.create(name=agency_name, kind=kind)
        PartnerAuditor.objects.create(user=user, agency=agency)
        people[username] = user
    child = factories.ChildFactory(child_id="C1234567", display_name="Amir")
    factories.EpisodeFactory(child=child, kind=Episode.Kind.CP)
    return people


def sign_in(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    return context, page


def check(page) -> None:
    assert_accessible(page)
    assert_fits_320(page)


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def answer_section(browser, live_server, username: str) -> None:
    context, page = sign_in(browser, live_server, username)
    try:
        check(page)
        page.get_by_role("link", name="Answer").first.click()  # from My work
        page.get_by_role("heading", name="section", exact=False).first.wait_for()
        check(page)
        page.get_by_role("link", name="Answer for C1234567").click()
        page.get_by_role("heading", name="Case C1234567").wait_for()
        check(page)
        for box in page.locator("textarea").all():
            box.fill(f"What {username} knew, shared and did.")
        page.get_by_label("Requires improvement to be good", exact=False).check()
        page.get_by_role("button", name="Save answers").click()
        page.get_by_text("Saved your answers on C1234567.").wait_for()
        page.get_by_role("button", name="Submit your agency's section").click()
        page.get_by_text("section is submitted").wait_for()
        check(page)
        # Nothing else of the service opens for a partner auditor.
        assert page.goto("/audits/").status == 404
    finally:
        context.close()


def test_a_neglect_audit_with_police_and_health_from_set_up_to_follow_up(
    browser, live_server, partnership
):
    today = dt.date.today()
    context, page = sign_in(browser, live_server, "partnership")
    try:
        page.goto("/partnership/")
        check(page)
        page.get_by_role("link", name="Set up a multi-agency audit").click()
        check(page)
        page.get_by_label("Neglect", exact=True).check()
        page.get_by_label("Title").fill("Neglect: under fives")
        fill_date(page, "When each agency's section is due", today + dt.timedelta(days=14))
        page.get_by_role("button", name="Set up the audit").click()
        page.get_by_role("heading", name="Neglect: under fives", level=1).wait_for()
        check(page)
        page.get_by_role("link", name="Add a case").click()
        page.get_by_label("Case-management ID").fill("C1234567")
        check(page)
        page.get_by_role("button", name="Add the case").click()
        page.get_by_text("C1234567 added.").wait_for()
        for agency in ("Northmoor Police", "Northmoor Health Trust"):
            page.get_by_role("link", name="Add an agency").click()
            check(page)
            page.get_by_label("Agency and its auditor").select_option(
                label=f"{agency}: {'Mark Oduya' if 'Police' in agency else 'Claire Benson'}"
            )
            page.get_by_role("button", name="Add the agency").click()
            page.get_by_text(f"{agency} is taking part.").wait_for()
        page.get_by_role("button", name="Send to the agencies").click()
        page.get_by_text("each agency's auditor has been asked").wait_for()
        check(page)
    finally:
        context.close()

    answer_section(browser, live_server, "police")
    answer_section(browser, live_server, "health")
    audit = MultiAgencyAudit.objects.get()
    assert audit.status == MultiAgencyAudit.Status.PANEL
    assert set(audit.sections.values_list("status", flat=True)) == {AgencySection.Status.SUBMITTED}

    context, page = sign_in(browser, live_server, "partnership")
    try:
        page.goto(f"/partnership/audits/{audit.pk}/")
        check(page)
        page.get_by_role("link", name="Record a finding").click()
        check(page)
        page.get_by_label("Whose learning it is").select_option(label="Northmoor Health Trust")
        page.get_by_label("What did not work").fill("Missed reviews were not escalated.")
        page.get_by_label("Learning", exact=True).fill("Escalate a missed review within a week.")
        page.get_by_role("button", name="Record the finding").click()
        page.get_by_text("Finding recorded.").wait_for()
        page.get_by_role("link", name="Give an agency an action").click()
        check(page)
        page.get_by_label("Agency", exact=True).select_option(label="Northmoor Health Trust")
        page.get_by_label("What must change").fill("Brief health visitors on missed reviews.")
        page.get_by_label("Owner").select_option(label="Claire Benson")
        fill_date(page, "Due by", today + dt.timedelta(days=30))
        page.get_by_role("button", name="Record the action").click()
        page.get_by_text("Action recorded.").wait_for()
        check(page)
        action = PartnershipAction.objects.get()
        assert action.agency.name == "Northmoor Health Trust"

        # Three months later the daily job opens the follow-up (run for that day, not waited for).
        assert follow_ups_open(today=add_months(action.agreed_on, 3) - dt.timedelta(days=1)) == []
        (follow_up,) = follow_ups_open(today=add_months(action.agreed_on, 3))
        assert follow_up.status == PartnershipFollowUp.Status.DUE
        page.goto("/partnership/follow-ups/")
        check(page)
        page.get_by_role("link", name="Brief health visitors on missed reviews.").click()
        page.get_by_role(
            "heading", name="Follow-up of an action for Northmoor Health Trust"
        ).wait_for()
        check(page)
        page.get_by_role("group", name="Was the action done?").get_by_label("No").check()
        page.get_by_role("group", name="Has practice improved?").get_by_label("No").check()
        page.get_by_label("What the follow-up found").fill("Not briefed yet.")
        page.get_by_role("button", name="Record the follow-up").click()
        page.get_by_text("Follow-up recorded.").wait_for()
        check(page)
        follow_up.refresh_from_db()
        assert follow_up.status == PartnershipFollowUp.Status.ESCALATED
        assert follow_up.escalated_to == partnership["partnership"]
        page.goto(f"/partnership/audits/{audit.pk}/report/")
        check(page)
    finally:
        context.close()
