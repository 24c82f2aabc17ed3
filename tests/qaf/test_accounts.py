import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_and_lands_on_my_work(client, password):
    UserFactory(username="grace", full_name="Grace Mensah")
    response = client.post(
        reverse("login"), {"username": "grace", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "My work" in response.text
    assert "Signed in as Grace Mensah" in response.text


def test_a_wrong_password_says_so_and_signs_nobody_in(client):
    UserFactory(username="grace")
    response = client.post(reverse("login"), {"username": "grace", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert "There is a problem" in response.text
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, password):
    UserFactory(username="grace")
    for _ in range(5):
        client.post(reverse("login"), {"username": "grace", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "grace", "password": password})
    assert response.status_code == 429
    assert "Your account is locked for now" in response.text
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_link_that_lets_the_person_choose_a_new_password(client, mailoutbox):
    UserFactory(username="grace", email="grace@northmoor.example")
    client.post(reverse("password_reset"), {"email": "grace@northmoor.example"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    response = client.get(link.split("testserver")[1], follow=True)
    assert "Choose a new password" in response.text
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-9", "new_password2": "a-brand-new-password-9"},
        follow=True,
    )
    assert "Your password has been changed" in response.text
    assert client.login is not None
