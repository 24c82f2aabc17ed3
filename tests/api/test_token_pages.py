"""A QA officer makes a named token (shown once), sees when it was last used, and revokes it."""

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create
from tests.form_tokens import post_twice

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, world):
    client.force_login(world.users.qa_officer)
    response = client.post(reverse("api:token_create"), {"name": "Council BI"}, follow=True)
    token = ApiToken.objects.get(name="Council BI")
    shown = response.context["raw"]
    assert shown.startswith("qaf_")
    assert shown in response.content.decode()
    assert token.token_hash != shown and shown not in token.token_hash

    again = client.get(reverse("api:token", args=[token.pk]))
    assert shown not in again.content.decode()
    assert "Copy the token now" not in again.content.decode()

    api = client.get(reverse("api:scopes"), headers={"Authorization": f"Bearer {shown}"})
    assert api.status_code == 200
    listing = client.get(reverse("api:tokens")).content.decode()
    assert "Council BI" in listing and "Never" not in listing


def test_a_token_made_by_a_double_click_is_made_once(client, world):
    client.force_login(world.users.qa_officer)
    post_twice(client, reverse("api:token_create"), {"name": "Council BI"})
    assert ApiToken.objects.filter(name="Council BI").count() == 1


def test_a_token_needs_a_name_not_already_in_use(client, world):
    client.force_login(world.users.qa_officer)
    api_token_create(name="Council BI", by=world.users.qa_officer)
    response = client.post(reverse("api:token_create"), {"name": "council bi"})
    assert response.status_code == 200
    assert "is in use" in response.content.decode()
    response = client.post(reverse("api:token_create"), {"name": ""})
    assert "Give the token a name" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_revoking_a_token_stops_it_at_once(client, world):
    new = api_token_create(name="Council BI", by=world.users.qa_officer)
    client.force_login(world.users.qa_officer)
    response = client.post(reverse("api:token_revoke", args=[new.token.pk]), follow=True)
    assert "no longer opens the API" in response.content.decode()
    new.token.refresh_from_db()
    assert new.token.revoked_by == world.users.qa_officer
    api = client.get(reverse("api:kpis"), headers={"Authorization": f"Bearer {new.raw}"})
    assert api.status_code == 401
    again = client.post(reverse("api:token_revoke", args=[new.token.pk]), follow=True)
    assert "already revoked" in again.content.decode()


def test_the_token_list_keeps_its_query_count_as_tokens_grow(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users.qa_officer)
    for n in range(3):
        api_token_create(name=f"Tool {n}", by=world.users.qa_officer)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("api:tokens"))
    for n in range(3, 30):
        api_token_create(name=f"Tool {n}", by=world.users.qa_officer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("api:tokens"))
