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


def _sign_in(client, username, password, address="203.0.113.5", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_wrong_passwords_from_one_address_do_not_lock_the_person_out_elsewhere(client, password):
    UserFactory(username="grace")
    for _ in range(5):
        _sign_in(client, "grace", "wrong", address="203.0.113.5")
    assert _sign_in(client, "grace", password, address="203.0.113.5").status_code == 429
    elsewhere = _sign_in(client, "grace", password, address="198.51.100.7")
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == reverse("home")


def test_behind_a_load_balancer_the_lock_falls_on_the_real_address(client, password, settings):
    settings.QAF_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="grace")
    balancer = "10.0.0.2"
    for n in range(5):
        # Whatever the attacker puts in front, the balancer appends their real address.
        _sign_in(client, "grace", "wrong", address=balancer, forwarded=f"192.0.2.{n}, 203.0.113.5")
    locked = _sign_in(client, "grace", password, address=balancer, forwarded="203.0.113.5")
    assert locked.status_code == 429
    grace_at_her_desk = _sign_in(
        client, "grace", password, address=balancer, forwarded="198.51.100.7"
    )
    assert grace_at_her_desk.status_code == 302


def test_a_forwarded_address_is_not_believed_unless_a_proxy_is_trusted(client, password, settings):
    settings.QAF_TRUSTED_PROXY_COUNT = 0
    UserFactory(username="grace")
    for n in range(5):
        _sign_in(client, "grace", "wrong", address="203.0.113.5", forwarded=f"192.0.2.{n}")
    response = _sign_in(client, "grace", password, address="203.0.113.5", forwarded="192.0.2.99")
    assert response.status_code == 429


def test_one_address_trying_many_usernames_is_made_to_wait(client, password, settings):
    settings.QAF_SIGNIN_ADDRESS_LIMIT = 6
    for n in range(6):
        UserFactory(username=f"worker{n}")
        _sign_in(client, f"worker{n}", "wrong", address="203.0.113.5")
    UserFactory(username="grace")
    refused = _sign_in(client, "grace", password, address="203.0.113.5")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, "grace", password, address="198.51.100.7").status_code == 302


def test_a_few_wrong_passwords_across_names_do_not_block_an_address(client, password):
    for n in range(4):
        UserFactory(username=f"worker{n}")
        _sign_in(client, f"worker{n}", "wrong", address="203.0.113.5")
    UserFactory(username="grace")
    assert _sign_in(client, "grace", password, address="203.0.113.5").status_code == 302


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
