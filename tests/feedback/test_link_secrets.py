"""A working link is a key to a child's form: never kept in the session, never in a log."""

import json
import logging

import pytest
from django.urls import reverse

from feedback.services import invitation_submit, survey_start

pytestmark = pytest.mark.django_db


def _link_on_page(page: str) -> str:
    start = page.index("/feedback/s/") + len("/feedback/s/")
    return page[start : page.index("/", start)]


def _session_text(client) -> str:
    return json.dumps(dict(client.session.items()), default=str)


def test_a_new_link_is_shown_once_but_never_kept_in_the_session(client, world, child_survey):
    client.force_login(world.users.practitioner)
    made = client.post(
        reverse("feedback:invitation_create"),
        {"child": world.child.pk, "survey": child_survey.pk, "valid_days": "28"},
    )
    assert made.status_code == 302
    token = made.cookies["qaf_new_link"].value
    assert token not in _session_text(client)
    page = client.get(made["Location"])
    assert _link_on_page(page.text) == token
    assert token not in _session_text(client)
    # The page takes the link with it: reloading shows it no more.
    assert "/feedback/s/" not in client.get(made["Location"]).text


def test_a_replacement_link_is_never_kept_in_the_session(client, voice):
    client.force_login(voice.world.users.practitioner)
    made = client.post(reverse("feedback:invitation_make_link", args=[voice.invitation.pk]))
    token = made.cookies["qaf_new_link"].value
    assert token not in _session_text(client)
    assert _link_on_page(client.get(made["Location"]).text) == token


def test_a_link_is_only_shown_to_the_browser_that_made_it(client, world, voice):
    client.force_login(world.users.practitioner)
    made = client.post(reverse("feedback:invitation_make_link", args=[voice.invitation.pk]))
    client.cookies.pop("qaf_new_link")
    assert "/feedback/s/" not in client.get(made["Location"]).text


def test_a_link_that_finds_nothing_is_logged_without_its_token(client, caplog):
    guess = "a" * 43
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("feedback:survey_start", args=[guess]))
    assert response.status_code == 404
    assert "Not Found: /feedback/s/[link]/" in caplog.text
    assert guess not in caplog.text
    assert all(getattr(record, "request", None) is None for record in caplog.records)


def test_a_used_link_is_logged_without_its_token(client, voice, caplog):
    survey_start(invitation=voice.invitation)
    invitation_submit(invitation=voice.invitation, anonymous=True)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        for url in (
            reverse("feedback:survey_start", args=[voice.token]),
            reverse("feedback:survey_question", args=[voice.token, 2]),
            reverse("feedback:survey_check", args=[voice.token]),
        ):
            assert client.get(url).status_code == 410
    assert "Gone: /feedback/s/[link]/" in caplog.text
    assert voice.token not in caplog.text


def test_the_development_server_request_log_leaves_the_token_out(voice, caplog):
    with caplog.at_level(logging.INFO, logger="django.server"):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /feedback/s/{voice.token}/3/ HTTP/1.1", "200", "5120"
        )
    assert voice.token not in caplog.text
    assert '"GET /feedback/s/[link]/3/ HTTP/1.1" 200' in caplog.text


def test_the_web_servers_error_log_leaves_the_token_out(voice, caplog):
    with caplog.at_level(logging.ERROR, logger="gunicorn.error"):
        logging.getLogger("gunicorn.error").error(
            "Error handling request %s", f"/feedback/s/{voice.token}/2/"
        )
    assert voice.token not in caplog.text
    assert "Error handling request /feedback/s/[link]/2/" in caplog.text
