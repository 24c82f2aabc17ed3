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


def test_many_messages_are_written_and_emailed_in_a_few_queries_and_a_key_sends_once(
    django_capture_on_commit_callbacks, django_assert_max_num_queries, mailoutbox
):
    from qaf.notifications import NotificationMessage, notification_send_many

    people = UserFactory.create_batch(12)
    nobody_to_email = UserFactory(email="")
    messages = [
        NotificationMessage(
            recipient_id=person.pk, subject="3 cases to audit", url="/", dedupe_key="round"
        )
        for person in [*people, nobody_to_email]
    ]

    with (
        django_assert_max_num_queries(8),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        sent = notification_send_many(messages=messages)

    assert len(sent) == 13
    assert len(callbacks) == 1  # one email job for all of them
    assert sorted(email.to[0] for email in mailoutbox) == sorted(p.email for p in people)
    assert "/" in mailoutbox[0].body
    # The same key again (a rerun of the job) writes and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_send_many(messages=messages) == []
    assert Notification.objects.count() == 13
    assert len(mailoutbox) == 12


def test_mark_all_as_read_clears_every_unread_message_and_only_the_readers_own(client):
    grace, sam = UserFactory(), UserFactory()
    for n in range(12):
        notification_send(recipients=[grace, sam], subject=f"Reminder {n}")
    client.force_login(grace)
    page = client.get(reverse("notifications")).text
    assert "You have 12 unread messages." in page
    assert "Mark all as read" in page
    response = client.post(reverse("notifications_mark_all_read"), follow=True)
    assert "12 messages marked as read." in response.text
    assert "You have read all your messages." in response.text
    assert "Mark all as read" not in response.text
    assert not Notification.objects.filter(recipient=grace, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=sam, read_at__isnull=True).count() == 12


def test_mark_all_as_read_needs_a_post_with_a_csrf_token(client):
    from django.test import Client

    grace = UserFactory()
    notification_send(recipients=[grace], subject="Reminder")
    client.force_login(grace)
    assert client.get(reverse("notifications_mark_all_read")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(grace)
    assert strict.post(reverse("notifications_mark_all_read")).status_code == 403
    assert Notification.objects.filter(recipient=grace, read_at__isnull=True).count() == 1


def test_the_inbox_shows_ten_messages_a_page_newest_first(client):
    grace = UserFactory()
    for n in range(23):
        notification_send(recipients=[grace], subject=f"Message number {n:02d}")
    client.force_login(grace)
    first = client.get(reverse("notifications")).text
    assert first.count('class="qaf-message') == 10
    assert "Message number 22" in first and "Message number 12" not in first
    assert "Page 1 of 3" in first
    last = client.get(reverse("notifications"), {"page": 3}).text
    assert last.count('class="qaf-message') == 3
    assert "Message number 00" in last


@pytest.mark.parametrize("page", [1, 2])
def test_the_paged_inbox_keeps_its_query_budget_as_messages_grow(
    client, django_assert_max_num_queries, page
):
    grace = UserFactory()
    client.force_login(grace)
    counts = []
    for total in (25, 250):
        while Notification.objects.filter(recipient=grace).count() < total:
            notification_send(recipients=[grace], subject="A reminder", body="Due soon.")
        with django_assert_max_num_queries(8) as captured:
            response = client.get(reverse("notifications"), {"page": page})
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


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
