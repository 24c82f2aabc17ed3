import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from qaf.models import Notification
from qaf.notifications import notification_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_notification_is_shown_in_the_app_and_emailed_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    grace = UserFactory(email="grace@northmoor.example")
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipients=[grace], subject="Case NM000012 is ready to moderate", url="/moderation/3/"
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Case NM000012 is ready to moderate"
    assert "/moderation/3/" in mailoutbox[0].body
    notification = Notification.objects.get(recipient=grace)
    assert notification.emailed_at is not None

    from qaf.tasks import notification_email

    assert notification_email(notification.pk) is False  # redelivered: nothing sent again
    assert len(mailoutbox) == 1


def test_a_reminder_with_the_same_key_is_sent_only_once(django_capture_on_commit_callbacks):
    grace = UserFactory()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notification_send(
                recipients=[grace, grace], subject="Grading overdue", dedupe_key="overdue:audit:7"
            )
    assert Notification.objects.filter(recipient=grace).count() == 1


def test_people_see_only_their_own_messages_and_opening_one_marks_it_read(client):
    grace, sam = UserFactory(), UserFactory()
    (mine,) = notification_send(recipients=[grace], subject="For Grace", url="/values/")
    notification_send(recipients=[sam], subject="For Sam")
    client.force_login(grace)
    page = client.get(reverse("notifications")).text
    assert "For Grace" in page
    assert "For Sam" not in page
    assert "You have 1 unread message" in client.get(reverse("home")).text

    response = client.post(reverse("notification_open", args=[mine.pk]))
    assert response["Location"] == "/values/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_message_cannot_send_its_reader_to_another_site(client):
    grace = UserFactory()
    (message,) = notification_send(
        recipients=[grace], subject="Odd link", url="https://elsewhere.example/"
    )
    client.force_login(grace)
    response = client.post(reverse("notification_open", args=[message.pk]))
    assert response["Location"] == reverse("notifications")


def test_the_messages_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    grace = UserFactory()
    client.force_login(grace)
    notification_send(recipients=[grace] * 1, subject="One")
    for count in (3, 30):
        for n in range(count):
            notification_send(recipients=[grace], subject=f"Message {n}")
        with django_assert_max_num_queries(8):
            response = client.get(reverse("notifications"))
        assert response.status_code == 200


def test_an_emailed_link_opens_the_page_at_the_services_public_address(
    client, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.QAF_BASE_URL = "https://qaf.northmoor.example"
    grace = UserFactory(email="grace@northmoor.example")
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipients=[grace], subject="You have a message", url=reverse("notifications")
        )

    [link] = re.findall(r"https?://\S+", mailoutbox[0].body)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == "https://qaf.northmoor.example"
    assert resolve(parts.path).url_name == "notifications"
    client.force_login(grace)
    assert "You have a message" in client.get(parts.path).text
