"""Staff voice in a browser, on demo data: a member of staff answers the health check
anonymously on a narrow screen, and every staff voice page passes axe and fits 320 px."""

import pytest

from staffvoice.defaults import HEALTH_CHECK_TITLE
from staffvoice.models import AnonymousResponse, CircleSuggestion, Participation, StaffSurvey
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


def test_a_social_worker_answers_the_health_check_anonymously_at_320px(
    browser, live_server, demo_data
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "worker")
        visit(page, "/staff-voice/")
        before = AnonymousResponse.objects.count()
        page.get_by_role("link", name="Answer anonymously").click()
        page.get_by_role("heading", name=HEALTH_CHECK_TITLE, level=1).wait_for()
        assert page.get_by_text("We do not keep your name, username, email address").is_visible()
        assert_accessible(page)
        assert_fits_320(page)
        page.get_by_role(
            "group", name="My caseload is manageable in the hours I am paid to work."
        ).get_by_label("Disagree", exact=True).check()
        page.get_by_role("group", name="I feel valued for the work I do.").get_by_label(
            "Agree", exact=True
        ).check()
        page.get_by_label("What one thing would make the biggest difference to your work?").fill(
            "Protected time for supervision."
        )
        page.get_by_role("button", name="Send my answers anonymously").click()
        page.get_by_role("heading", name="Thank you: your answers are sent").wait_for()
        assert_accessible(page)
        assert_fits_320(page)
        assert AnonymousResponse.objects.count() == before + 1
        assert Participation.objects.filter(user__username="worker").exists()

        # A second visit says they have answered, and offers no form.
        page.goto("/staff-voice/")
        assert page.get_by_text("You have answered this survey. Thank you.").is_visible()
    finally:
        context.close()


def test_qa_officer_staff_voice_pages_pass_axe(page, demo_data):
    sign_in(page, "qa")
    survey = StaffSurvey.objects.get(title=HEALTH_CHECK_TITLE)
    circle = CircleSuggestion.objects.first().meeting.circle
    for path in [
        "/staff-voice/",
        "/staff-voice/surveys/",
        "/staff-voice/surveys/new/",
        f"/staff-voice/surveys/{survey.pk}/",
        f"/staff-voice/surveys/{survey.pk}/results/",
        "/staff-voice/comments/",
        "/staff-voice/circles/",
        "/staff-voice/circles/new/",
        f"/staff-voice/circles/{circle.pk}/",
        f"/staff-voice/circles/{circle.pk}/members/new/",
        "/staff-voice/recognition/",
        "/staff-voice/recognition/new/",
        "/staff-voice/monitoring/",
    ]:
        visit(page, path)


def test_managers_and_the_facilitator_pages_pass_axe(page, demo_data):
    open_suggestion = CircleSuggestion.objects.filter(status="open").first()
    circle = open_suggestion.meeting.circle
    sign_in(page, "senior")
    visit(page, f"/staff-voice/circles/{circle.pk}/")
    visit(page, f"/staff-voice/suggestions/{open_suggestion.pk}/answer/")
    page.get_by_label("We did").fill("Agreed: it starts next month.")
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_text("Answer sent to the circle.").wait_for()
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, "worker")
    visit(page, f"/staff-voice/circles/{circle.pk}/")
    assert page.get_by_text("Agreed: it starts next month.").is_visible()
    visit(page, f"/staff-voice/circles/{circle.pk}/meetings/new/")
    visit(page, "/staff-voice/recognition/")
    team = circle.facilitator.team_memberships.first().team
    visit(page, f"/staff-voice/recognition/teams/{team.pk}/")
