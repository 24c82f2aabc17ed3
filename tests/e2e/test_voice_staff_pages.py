"""The staff side of the voice work, on demo data: every page passes axe and fits 320 px."""

import pytest

from feedback.models import ComplaintOrCompliment, ParticipationSession, SafeguardingAlert, Survey
from tests.demo_snapshot import DEMO_DAY, load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(time_machine):
    # The day the other demo tests load it on, so they share one seeding; the clock runs on.
    time_machine.move_to(DEMO_DAY, tick=True)
    load_demo()


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert_accessible(page)
    assert_fits_320(page)


def test_qa_officer_pages_pass_axe(page, demo_data):
    sign_in(page, "qa")
    survey = Survey.objects.filter(status="published").first()
    complaint = ComplaintOrCompliment.objects.filter(kind="complaint").first()
    session = ParticipationSession.objects.first()
    for path in [
        "/feedback/",
        "/feedback/comments/",
        "/feedback/alerts/?show=all",
        "/feedback/you-said-we-did/all/",
        "/feedback/you-said-we-did/new/",
        "/feedback/complaints/",
        "/feedback/complaints/summary/",
        f"/feedback/complaints/{complaint.pk}/",
        "/feedback/complaints/new/",
        f"/feedback/complaints/{complaint.pk}/respond/",
        "/feedback/surveys/",
        f"/feedback/surveys/{survey.pk}/",
        "/feedback/surveys/new/",
        f"/feedback/surveys/{survey.pk}/questions/new/",
        "/feedback/worrying-words/",
        "/feedback/participation/",
        f"/feedback/participation/{session.pk}/",
    ]:
        visit(page, path)


def test_a_team_manager_checks_an_alert_on_a_phone(phone_page, demo_data):
    sign_in(phone_page, "manager")
    alert = SafeguardingAlert.objects.get(status="open")
    visit(phone_page, "/feedback/")
    visit(phone_page, f"/feedback/alerts/{alert.pk}/")


def test_a_practitioner_makes_a_link_with_a_qr_code(page, demo_data):
    sign_in(page, "worker")
    visit(page, "/feedback/links/")
    visit(page, "/feedback/links/new/")
    page.get_by_label("Which child or family is it for?").select_option(index=1)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Only the forms that fit the child's age are shown").wait_for()
    assert_accessible(page)
    page.get_by_label("Which form?").select_option(index=1)
    page.get_by_role("radio", name="2 weeks").check()
    page.get_by_role("button", name="Make the link").click()
    page.get_by_text("Give this link or QR code to the child or family now.").wait_for()
    assert page.get_by_role("img", name="QR code for the feedback link").is_visible()
    assert page.get_by_role("button", name="Print this page").is_visible()
    assert_accessible(page)
    assert_fits_320(page)
    link = page.locator(".qaf-link-card__url").inner_text().strip()
    page.reload()
    assert page.locator(".qaf-link-card__url").count() == 0  # shown once only
    page.goto(link)
    # The child's, young person's or parent's form, whichever fits the child's age.
    page.get_by_text("You can skip any question you do not want to answer.").wait_for()


def test_the_public_you_said_we_did_page_passes_axe(page, demo_data):
    visit(page, "/feedback/you-said-we-did/")
