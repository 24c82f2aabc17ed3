import pytest
from django.urls import reverse

from qaf import work
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_work_has_a_section_for_each_role_the_person_holds(client):
    user = UserFactory(roles=[Role.TEAM_MANAGER, Role.PEER_AUDITOR])
    client.force_login(user)
    response = client.get(reverse("home"))
    assert "As team manager" in response.text
    assert "As peer auditor" in response.text
    assert "As director" not in response.text


def test_my_work_tells_someone_with_no_role_what_to_do(client):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert "You do not have a role in the framework yet" in response.text


def test_apps_add_their_work_items_to_my_work(client, monkeypatch):
    def provider(user):
        yield work.WorkSection(
            role=Role.TEAM_MANAGER,
            title="Cases to grade",
            items=[work.WorkItem(title="Case NM000001", url="/somewhere/", status="Not started")],
        )

    monkeypatch.setattr(work, "_providers", [provider])
    client.force_login(UserFactory(roles=[Role.TEAM_MANAGER]))
    response = client.get(reverse("home"))
    assert "Cases to grade" in response.text
    assert "Case NM000001" in response.text


def test_my_work_page_needs_few_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=list(Role)))
    # The page's own reads, and at most one query for each app's section of My work.
    with django_assert_max_num_queries(7 + len(work._providers)):
        client.get(reverse("home"))


def test_role_headings_keep_initialisms_in_capitals(client):
    client.force_login(UserFactory(roles=[Role.QA_OFFICER, Role.TEAM_MANAGER]))
    response = client.get(reverse("home"))
    assert "As QA officer" in response.text
    assert "As team manager" in response.text
