"""The 30-minute idle timeout signs people out, and a session is written only when it must be."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def session_writes(client, path="/"):
    """GET ``path`` and return the SQL statements that wrote the session table."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"] and not query["sql"].lstrip().startswith("SELECT")
    ]


def sign_in(client, password):
    UserFactory(username="grace")
    response = client.post(reverse("login"), {"username": "grace", "password": password})
    assert response.status_code == 302


def test_a_person_idle_for_thirty_minutes_is_signed_out(client, password, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, password)
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_person_who_keeps_working_stays_signed_in_past_thirty_minutes(client, password):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, password)
        for _ in range(6):
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200


def test_a_second_page_within_a_minute_does_not_write_the_session(client, password):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, password)
        clock.shift(timedelta(seconds=5))
        assert session_writes(client) == []
        clock.shift(timedelta(seconds=40))
        assert session_writes(client) == []


def test_the_idle_timeout_is_pushed_back_once_a_minute_has_passed(client, password):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, password)
        clock.shift(timedelta(seconds=61))
        assert len(session_writes(client)) == 1
        clock.shift(timedelta(seconds=1))
        assert session_writes(client) == []
