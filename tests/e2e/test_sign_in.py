import pytest

from tests.demo_snapshot import DEMO_DAY, load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_USERS = ["qa", "director", "senior", "manager", "peer", "worker"]
PUBLIC_PAGES = ["/accessibility/", "/privacy/", "/values/", "/guide/", "/accounts/password/reset/"]


@pytest.fixture
def demo_data(time_machine):
    # The day the other demo tests load it on, so they share one seeding; the clock runs on.
    time_machine.move_to(DEMO_DAY, tick=True)
    load_demo()


def sign_in(page, username: str, password: str = "demo-password-123") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


# Where each lands after signing in: a director reads the KPI dashboard; everyone else their work.
LANDING_HEADING = {"director": "Key performance indicators"}


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_demo_user_signs_in_and_sees_my_work(page, demo_data, username):
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, username)
    page.get_by_role("heading", name=LANDING_HEADING.get(username, "My work"), level=1).wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()


def test_signing_in_works_by_keyboard_alone(page, demo_data):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("el => el === document.activeElement")
    page.get_by_label("Username").focus()
    page.keyboard.type("manager")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password-123")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="My work", level=1).wait_for()


def test_a_wrong_password_shows_an_error_summary_that_passes_axe(page, demo_data):
    sign_in(page, "manager", "not-the-password")
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    assert page.title().startswith("Error:")
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_pass_axe_and_fit_a_small_phone(page, path):
    page.goto(path)
    assert_accessible(page)
    assert_fits_320(page)


def test_pages_load_no_script_inline_or_from_elsewhere(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto("/accounts/login/")
    assert page.locator("body.govuk-frontend-supported").count() == 1
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_messages_and_password_change_pages_pass_axe(page, demo_data):
    from qaf.models import User
    from qaf.notifications import notification_send

    notification_send(
        recipients=[User.objects.get(username="worker")],
        subject="Feedback on case NM000057 is ready to read",
        url="/",
    )
    sign_in(page, "worker")
    page.get_by_role("link", name="unread message").click()
    page.get_by_role("heading", name="Your messages").wait_for()
    assert_accessible(page)
    assert_fits_320(page)
    page.goto("/accounts/password/change/")
    assert_accessible(page)
    assert_fits_320(page)
