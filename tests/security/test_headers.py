"""Headers every page sends: CSP without inline script, no framing, no third parties; caching
and compression of pages and static files."""

import gzip
import re

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


def test_signed_in_pages_are_never_stored_by_browsers_or_proxies(client):
    client.force_login(UserFactory())
    for name in ("home", "notifications", "guide"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], name
        assert "private" in response["Cache-Control"], name


def test_public_pages_seen_signed_out_may_be_cached(client):
    response = client.get(reverse("guide"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_sign_in_page_is_never_stored(client):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().count("My work") >= 1


def _static_url(client, suffix):
    page = client.get(reverse("login")).text
    return re.search(rf'(?:href|src)="(/static/[^"]+\{suffix})"', page)[1]


@pytest.mark.parametrize(("encoding", "suffix"), [("br", ".css"), ("gzip", ".js")])
def test_static_files_are_compressed_and_cached_for_a_year(client, encoding, suffix):
    url = _static_url(client, suffix)
    response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control)[1])
    assert max_age >= 365 * 24 * 3600
    assert "no-store" not in cache_control
