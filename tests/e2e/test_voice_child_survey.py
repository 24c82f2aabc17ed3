"""A child answers on a phone, by keyboard and by tap, and their manager sees the alert."""

import datetime as dt

import pytest
from django.utils import timezone

from feedback.models import Response, SafeguardingAlert, Survey
from feedback.services import invitation_create, survey_defaults_install
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link(world):
    # Alfie is eight whatever today's date, so the child's form (5 to 10) fits him.
    world.child.date_of_birth = timezone.localdate() - dt.timedelta(days=8 * 365 + 100)
    world.child.save(update_fields=["date_of_birth"])
    survey_defaults_install()
    survey = Survey.objects.get(key="experience-during-child", status="published")
    _, token = invitation_create(
        survey=survey, child=world.child, created_by=world.users.practitioner
    )
    return f"/feedback/s/{token}/"


def check_page(page) -> None:
    assert_accessible(page)
    assert_fits_320(page)


def assert_large_tap_targets(page) -> None:
    """Every answer card and button a child presses is at least 44 px each way."""
    small = page.evaluate(
        """() => [...document.querySelectorAll(
                'main input[type=radio], main button:not([hidden]), main .govuk-button'
            )].filter(el => el.offsetParent !== null)
              .map(el => [el.id || el.textContent.trim(), el.getBoundingClientRect()])
              .filter(([, box]) => box.width < 44 || box.height < 44)
              .map(([name, box]) => `${name}: ${box.width}x${box.height}`)"""
    )
    assert not small, small


def next_by_keyboard(page) -> None:
    """From a chosen answer, Tab reaches the Next button; Enter presses it."""
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused in ("Next", "Check my answers"), focused
    page.keyboard.press("Enter")


def test_a_child_fills_in_the_survey_on_a_phone_and_the_manager_sees_the_alert(
    phone_page, page, world, link
):
    phone = phone_page
    problems = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.goto(link)
    phone.get_by_role("heading", name="Hello Alfie").wait_for()
    check_page(phone)
    read_aloud = phone.get_by_role("button", name="Read it to me")
    assert read_aloud.is_visible()  # the browser can speak, so the button shows
    phone.get_by_role("radio", name="On my own").tap()
    phone.get_by_role("button", name="Start").tap()

    # 1. Keyboard: arrows choose along the picture scale, Tab and Enter go on.
    phone.get_by_role("heading", name="Is it easy to talk to your social worker").wait_for()
    phone.get_by_text("Question 1 of 7").wait_for()
    check_page(phone)
    assert_large_tap_targets(phone)
    phone.get_by_role("button", name="Read it to me").tap()
    phone.get_by_role("radio", name="Really hard").focus()
    for _ in range(4):
        phone.keyboard.press("ArrowDown")
    assert phone.get_by_role("radio", name="Really easy").is_checked()
    next_by_keyboard(phone)

    # 2. Tap.
    phone.get_by_text("Question 2 of 7").wait_for()
    check_page(phone)
    phone.get_by_role("radio", name="Always").tap()
    phone.get_by_role("button", name="Next").tap()

    # 3. Keyboard, choosing with the space bar.
    phone.get_by_text("Question 3 of 7").wait_for()
    check_page(phone)
    phone.get_by_role("radio", name="Yes").focus()
    phone.keyboard.press("Space")
    next_by_keyboard(phone)

    # 4. Skipped, by keyboard.
    phone.get_by_text("Question 4 of 7").wait_for()
    check_page(phone)
    phone.get_by_role("button", name="Skip this question").focus()
    phone.keyboard.press("Enter")

    # 5. Tap.
    phone.get_by_text("Question 5 of 7").wait_for()
    check_page(phone)
    phone.get_by_role("radio", name="Not sure").tap()
    phone.get_by_role("button", name="Next").tap()

    # 6. The child says they do not feel safe: the alert is raised as this page is saved.
    phone.get_by_role("heading", name="Do you feel safe where you live?").wait_for()
    check_page(phone)
    phone.get_by_role("radio", name="No", exact=True).tap()
    phone.get_by_role("button", name="Next").tap()
    phone.get_by_text("Question 7 of 7").wait_for()
    assert SafeguardingAlert.objects.filter(child=world.child).count() == 1

    # 7. Free text, typed.
    check_page(phone)
    phone.get_by_label("Is there anything else you want to tell us?").focus()
    phone.keyboard.type("I like my social worker but please help me at home")
    phone.get_by_role("button", name="Check my answers").tap()

    phone.get_by_role("heading", name="Nearly done! Check your answers").wait_for()
    check_page(phone)
    assert phone.get_by_text("Really easy").is_visible()
    phone.get_by_role("radio", name="No, keep my name off").tap()
    phone.get_by_role("button", name="Send my answers").tap()
    phone.get_by_role("heading", name="Thank you").wait_for()
    check_page(phone)

    response = Response.objects.get()
    assert response.is_anonymous and response.child is None
    assert response.answers.count() == 6  # seven questions, one skipped
    assert SafeguardingAlert.objects.filter(child=world.child).count() == 2

    assert not problems, problems  # no script errors, nothing blocked by the CSP

    # The link is used up.
    phone.goto(link)
    phone.get_by_role("heading", name="You have already sent your answers").wait_for()
    check_page(phone)

    # The team manager signs in on a desktop and finds the alerts waiting.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(world.users.team_manager.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work", level=1).wait_for()
    alert_link = page.get_by_role("link", name="2 answers from children and families need checking")
    alert_link.wait_for()
    assert_accessible(page)
    alert_link.click()
    page.get_by_role("heading", name="Safeguarding alerts", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=world.child.child_id).first.click()
    page.get_by_role("heading", name=f"Case {world.child.child_id} (Alfie)").wait_for()
    assert_accessible(page)
    page.get_by_label("What did you do to check the child is safe?").fill(
        "Saw Alfie at school today with his social worker; safety plan agreed."
    )
    page.get_by_role("button", name="Record as checked").click()
    page.get_by_text("The alert is recorded as checked").wait_for()
    assert_accessible(page)
