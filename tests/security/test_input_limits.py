"""Input a form cannot hold gets a message in the form, never a server error.

A 40-digit day, month or year overflowed Python's date and crashed every GOV.UK date form; a
username longer than the user table allows crashed sign-in on PostgreSQL.
"""

import pytest
from django.db import connection
from django.urls import reverse

from feedback.models import ComplaintOrCompliment
from qaf.forms import GovukDateField
from qaf.roles import Role
from tests.conftest import require_or_skip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 40


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", HUGE, "Enter a year between 1900 and 2100"),
        (HUGE, "1", "2026", "Enter a real date"),
        ("1", HUGE, "2026", "Enter a real date"),
        ("31", "2", "2026", "Enter a real date"),
        ("1", "1", "9999", "Enter a year between 1900 and 2100"),
        ("1", "1", "0", "Enter a year between 1900 and 2100"),
        ("1", "1", "1" * 5000, "Enter a year between 1900 and 2100"),
    ],
)
def test_an_impossible_date_is_a_clear_form_error(day, month, year, message):
    field = GovukDateField(require_all_fields=False)
    with pytest.raises(Exception) as raised:
        field.clean([day, month, year])
    assert raised.type.__name__ == "ValidationError"
    assert message in str(raised.value)


def test_a_real_date_is_still_accepted():
    import datetime as dt

    assert GovukDateField().clean(["27", "3", "2026"]) == dt.date(2026, 3, 27)


@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_recording_a_complaint_with_a_40_digit_date_part_says_what_is_wrong(client, part):
    client.force_login(UserFactory(roles=[Role.QA_OFFICER]))
    date = {"day": "2", "month": "3", "year": "2026"} | {part: HUGE}
    response = client.post(
        reverse("feedback:complaint_create"),
        {
            "kind": "complaint",
            "received_on_0": date["day"],
            "received_on_1": date["month"],
            "received_on_2": date["year"],
            "category": ComplaintOrCompliment.Category.COMMUNICATION,
            "received_from": ComplaintOrCompliment.From.PARENT_CARER,
            "summary": "Calls not returned.",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a" in response.text
    assert not ComplaintOrCompliment.objects.exists()


def test_a_username_longer_than_any_account_is_refused_by_the_form(client):
    response = client.post(reverse("login"), {"username": "a" * 300, "password": "anything"})
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.services
def test_a_256_character_username_does_not_break_sign_in_on_postgresql(client):
    require_or_skip(
        connection.vendor == "postgresql",
        what="PostgreSQL (DATABASE_URL)",
        env_var="QAF_REQUIRE_SERVICES",
    )
    for length in (256, 1000):
        response = client.post(reverse("login"), {"username": "a" * length, "password": "anything"})
        assert response.status_code == 200
        assert "There is a problem" in response.text


@pytest.mark.parametrize("chosen", [["9" * 40], ["1", "-" + "9" * 25], ["1e309"]])
def test_choosing_a_record_by_an_impossible_id_is_refused_as_a_choice(chosen):
    from feedback.forms import ComplaintForm

    form = ComplaintForm(
        {
            "kind": "compliment",
            "received_on_0": "2",
            "received_on_1": "3",
            "received_on_2": "2026",
            "category": ComplaintOrCompliment.Category.COMMUNICATION,
            "received_from": ComplaintOrCompliment.From.PARENT_CARER,
            "summary": "Thank you.",
            "named_staff": chosen,
        }
    )
    assert not form.is_valid()
    assert "named_staff" in form.errors


def test_recording_a_moderation_with_an_impossible_theme_id_says_so(client, world):
    from tests.moderation.routes import extend

    extend(world)
    client.force_login(world.users.senior_manager)
    url = reverse("moderation:record", args=[world.moderation.pk])
    response = client.post(url, {"themes": ["9" * 40]})
    assert response.status_code in (200, 400)
    assert "There is a problem" in response.text
