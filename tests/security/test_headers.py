"""Headers every page sends: CSP without inline script, no framing, no third parties."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["login", "guide", "home"])
def test_pages_send_a_content_security_policy_that_forbids_inline_script(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client):
    client.force_login(UserFactory())
    html = client.get(reverse("home")).text
    assert "<script>" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_session_and_csrf_cookies_are_not_readable_by_script(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_an_unknown_page_answers_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
