"""The blind grading in a real browser: the team manager and the peer auditor each grade the same
sampled case, neither sees the other's grading until both are in, then both see the comparison.
axe runs on every page visited; the main pages must also fit a 320 px wide screen."""

import pytest
from django.utils import timezone

from audits.services import audit_template_ensure_default, sample_month
from casework.models import Episode, TeamMembership
from qaf.roles import Role
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    ChildFactory,
    ConversationQuestionFactory,
    EpisodeFactory,
    MeasureFactory,
    ServiceAreaFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MANAGER_EVIDENCE = "Visits on time; the child is seen alone and quoted."
PEER_EVIDENCE = "Plan actions roll over without dates."
CHILD_WORDS = "I want to stay at my school with my friends."
CHILD_QUESTION = "Do you know why your social worker visits you?"


@pytest.fixture
def sampled_case():
    area = ServiceAreaFactory(name="Children in need and protection")
    safeguarding = TeamFactory(name="Safeguarding 1", service_area=area)
    in_care = TeamFactory(name="Children in Care", service_area=area)
    grace = UserFactory(username="grace", full_name="Grace Mensah", roles=[Role.TEAM_MANAGER])
    daniel = UserFactory(
        username="daniel", full_name="Daniel Reyes", roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR]
    )
    sam = UserFactory(username="sam", full_name="Sam Whitfield", roles=[Role.PRACTITIONER])
    TeamMembershipFactory(user=grace, team=safeguarding, role=TeamMembership.Role.MANAGER)
    TeamMembershipFactory(user=daniel, team=in_care, role=TeamMembership.Role.MANAGER)
    TeamMembershipFactory(user=sam, team=safeguarding)
    child = ChildFactory(child_id="NM000123", display_name="Alfie")
    EpisodeFactory(child=child, team=safeguarding, kind=Episode.Kind.CP)
    AllocationFactory(child=child, worker=sam, team=safeguarding)
    audit_template_ensure_default()
    sample_month(period=timezone.localdate().replace(day=1))
    measure = MeasureFactory(code="voice_explained")
    ConversationQuestionFactory(measure=measure, asked_of="child", text=CHILD_QUESTION)
    ConversationQuestionFactory(
        measure=measure, asked_of="parent_or_carer", text="Has someone explained why we help?"
    )


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    assert_accessible(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def open_the_case(page) -> None:
    page.get_by_role("link", name="Case NM000123 (child protection)").click()
    page.get_by_role("heading", name="Case NM000123, Alfie", level=1).wait_for()
    assert_accessible(page)


def grade_domain(page, grade: str, evidence: str) -> None:
    page.get_by_label(grade, exact=True).check()
    page.get_by_label("Evidence for your grade").fill(evidence)
    page.get_by_role("button", name="Save and continue").click()


def test_the_manager_and_the_peer_grade_the_same_case_blind_then_see_both(page, sampled_case):
    # The team manager grades, the first domain by keyboard alone.
    sign_in(page, "grace")
    assert_fits_320(page)
    open_the_case(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Grade this case").click()
    page.get_by_role("heading", name="Grade this case").wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("link", name="The child's lived experience and voice").click()
    page.get_by_role("heading", name="The child's lived experience and voice").wait_for()
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_label("Outstanding", exact=True).focus()
    page.keyboard.press("ArrowDown")  # moves to, and selects, "Good"
    assert page.get_by_label("Good", exact=True).is_checked()
    page.keyboard.press("Tab")
    assert page.get_by_label("Evidence for your grade").evaluate(
        "el => el === document.activeElement"
    )
    page.keyboard.type(MANAGER_EVIDENCE)
    page.keyboard.press("Tab")
    assert page.get_by_role("button", name="Save and continue").evaluate(
        "el => el === document.activeElement"
    )
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Assessment", level=1).wait_for()
    assert_accessible(page)
    for _ in range(5):
        grade_domain(page, "Good", MANAGER_EVIDENCE)
    page.get_by_role("heading", name="Overall grade and summary").wait_for()
    assert_accessible(page)
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("What is working well").fill("A warm, steady relationship.")
    page.get_by_label("What needs to improve").fill("Date every action in the plan.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Check your grading before you submit it").wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Submit your grading").click()
    page.get_by_text("Your grading is submitted").wait_for()
    assert_accessible(page)
    sign_out(page)

    # The peer auditor cannot see the manager's grading, talks with the child, and grades.
    sign_in(page, "daniel")
    open_the_case(page)
    assert MANAGER_EVIDENCE not in page.content()
    assert "side by side" not in page.content()
    page.get_by_role("button", name="Record a conversation").click()
    page.get_by_role("heading", name="Record a conversation").wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    today = timezone.localdate()
    page.get_by_label("The child or young person").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("In person, at home").check()
    page.get_by_label("Yes, seen alone").check()
    page.get_by_label("What they said, in their own words").fill(CHILD_WORDS)
    # The Improvement Plan question for the child is its own group of radios; the parent's
    # question is left alone, as it was not asked.
    page.get_by_role("group", name=CHILD_QUESTION).get_by_label("Partly", exact=True).check()
    page.get_by_role("button", name="Save the conversation").click()
    page.get_by_text(CHILD_WORDS).wait_for()
    assert CHILD_QUESTION in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Carry on grading").click()
    page.get_by_role("link", name="The child's lived experience and voice").click()
    for _ in range(6):
        grade_domain(page, "Requires improvement to be good", PEER_EVIDENCE)
    # Leave the overall grade out: submitting names what is missing.
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit your grading").click()
    summary = page.get_by_role("alert")
    summary.get_by_text("Your grading is not complete").wait_for()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    summary.get_by_role("link", name="Choose an overall grade").click()
    page.get_by_role("heading", name="Overall grade and summary").wait_for()
    page.get_by_label("Requires improvement to be good", exact=True).check()
    page.get_by_label("What is working well").fill("The child knows their worker.")
    page.get_by_label("What needs to improve").fill("Visits slipped over the summer.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit your grading").click()

    # Both are in: the peer sees the comparison, domain by domain.
    page.get_by_role("heading", name="Both gradings, side by side").wait_for()
    assert "Differ by 1 step" in page.content()
    assert_accessible(page)
    assert_fits_320(page)
    assessment = page.locator("details.govuk-details").filter(
        has=page.locator("summary", has_text="Assessment")
    )
    assessment.locator("summary").click()  # opens both auditors' evidence for the domain
    assessment.get_by_text(MANAGER_EVIDENCE).wait_for()
    assessment.get_by_text(PEER_EVIDENCE).wait_for()
    sign_out(page)

    # And so does the team manager, with the peer's conversation now shown.
    sign_in(page, "grace")
    page.goto(page.url.rstrip("/") + "/audits/cases/")
    page.get_by_role("link", name="NM000123").click()
    page.get_by_role("heading", name="Both gradings, side by side").wait_for()
    assert CHILD_WORDS in page.content()
    assert_accessible(page)
