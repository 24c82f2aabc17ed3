"""Opening a feedback link's page, or a list naming children, is written to the access log."""

import pytest
from django.urls import reverse

from casework.models import ChildAccessLog

pytestmark = pytest.mark.django_db


def test_opening_a_feedback_link_page_is_logged_against_the_child(client, voice):
    practitioner = voice.world.users.practitioner
    client.force_login(practitioner)

    response = client.get(reverse("feedback:invitation_detail", args=[voice.invitation.pk]))

    assert response.status_code == 200
    entry = ChildAccessLog.objects.get(user=practitioner)
    assert entry.child == voice.world.child
    assert entry.context == f"feedback link {voice.invitation.pk}"


def test_the_feedback_link_list_logs_the_children_it_names(client, voice):
    practitioner = voice.world.users.practitioner
    client.force_login(practitioner)

    response = client.get(reverse("feedback:invitation_list"))

    assert response.status_code == 200
    assert list(
        ChildAccessLog.objects.filter(user=practitioner).values_list("child_ref", "context")
    ) == [("C0000001", "feedback link list")]
