"""Invitations, deactivation and reactivation."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from organisation.models import Invitation
from qaf.models import User
from qaf.roles import Role
from tests import second_factor
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-42"


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


def invite(client, person, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisation:person_invite", args=[person.pk]))
    assert response.status_code == 302
    (email,) = mailoutbox[-1:]
    assert email.to == [person.email]
    return re.search(r"https?://\S+/organisation/invitations/\S+/", email.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_invited_person_sets_a_password_once(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(username="new.starter", is_active=False, password="")
    client.force_login(world.users.qa_officer)
    link = invite(client, person, mailoutbox, django_capture_on_commit_callbacks)
    assert "Last invited" in client.get(reverse("organisation:person", args=[person.pk])).text
    client.logout()

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Set your password" in page.text
    response = client.post(
        path_of(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert person.check_password(NEW_PASSWORD)

    again = client.get(path_of(link))
    assert again.status_code == 410
    assert "This invitation has already been used" in again.text
    assert Invitation.objects.get().token_hash not in link, "only a hash is kept"


def test_an_expired_invitation_says_so(
    client, world, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ORGANISATION_INVITATION_DAYS = 7
    person = UserFactory(username="late.starter", is_active=False, password="")
    client.force_login(world.users.qa_officer)
    link = invite(client, person, mailoutbox, django_capture_on_commit_callbacks)
    client.logout()
    with time_machine.travel(dt.timedelta(days=8)):
        response = client.post(
            path_of(link), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert response.status_code == 410
    assert "This invitation expired on" in response.text
    person.refresh_from_db()
    assert not person.is_active


def test_a_new_invitation_stops_the_old_link(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(username="twice.invited", is_active=False, password="")
    client.force_login(world.users.qa_officer)
    first = invite(client, person, mailoutbox, django_capture_on_commit_callbacks)
    invite(client, person, mailoutbox, django_capture_on_commit_callbacks)
    client.logout()
    assert client.get(path_of(first)).status_code == 410


def sign_in(client, user) -> bool:
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    return response.status_code == 302


def test_deactivating_ends_a_live_session_at_once_and_keeps_history(client, world):
    worker = world.users.practitioner
    worker_client = type(client)()
    second_factor.sign_in(worker_client, worker)
    assert worker_client.get(reverse("home")).status_code == 200

    client.force_login(world.users.qa_officer)
    response = client.post(reverse("organisation:person_deactivate", args=[worker.pk]))
    assert response.status_code == 302

    after = worker_client.get(reverse("home"))
    assert after.status_code == 302
    assert reverse("login") in after["Location"]
    assert not sign_in(worker_client, worker)
    assert User.objects.filter(pk=worker.pk).exists()
    assert world.allocation.__class__.objects.filter(worker=worker).exists()

    client.post(reverse("organisation:person_reactivate", args=[worker.pk]))
    assert sign_in(worker_client, worker)


def test_a_qa_officer_may_deactivate_another_but_not_themselves(client, world):
    other = UserFactory(username="qa2", roles=[Role.QA_OFFICER])
    client.force_login(other)
    response = client.post(
        reverse("organisation:person_deactivate", args=[world.users.qa_officer.pk]), follow=True
    )
    assert response.status_code == 200
    world.users.qa_officer.refresh_from_db()
    assert not world.users.qa_officer.is_active
    client.force_login(other)
    response = client.post(reverse("organisation:person_deactivate", args=[other.pk]), follow=True)
    assert "You cannot deactivate your own account" in response.text
