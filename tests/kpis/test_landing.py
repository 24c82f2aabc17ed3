"""Where people land after signing in, the KPI links in the menu, and a director's My work."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape

from qaf import work
from qaf.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


def _sign_in(client, username, password, **query):
    url = reverse("login")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(url, {"username": username, "password": password})


def _lands_on(response) -> str:
    """Where signing in leads: straight there, or there once the second factor is given."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    if location.path.startswith(reverse("second_factor")):
        return parse_qs(location.query)["next"][0]
    return response["Location"]


def test_a_director_lands_on_the_kpi_dashboard(client, password):
    UserFactory(username="dee", roles=[Role.DIRECTOR])

    response = _sign_in(client, "dee", password)

    assert _lands_on(response) == reverse("kpis:dashboard")


def test_a_director_who_follows_a_link_goes_where_it_leads(client, password):
    UserFactory(username="dee", roles=[Role.DIRECTOR])

    response = _sign_in(client, "dee", password, next="/moderation/actions/")

    assert _lands_on(response) == "/moderation/actions/"


@pytest.mark.parametrize(
    "roles",
    [[Role.QA_OFFICER], [Role.SENIOR_MANAGER], [Role.DIRECTOR, Role.QA_OFFICER], []],
)
def test_anyone_with_work_waiting_lands_on_my_work(client, password, roles):
    UserFactory(username="sam", roles=roles)

    response = _sign_in(client, "sam", password)

    assert _lands_on(response) == reverse("home")


def test_my_work_is_still_there_for_a_director(client, world):
    client.force_login(world.users.director)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "My work" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "label", "url_name"),
    [
        ("director", "KPIs", "kpis:dashboard"),
        ("senior_manager", "KPIs", "kpis:dashboard"),
        ("qa_officer", "KPIs", "kpis:dashboard"),
        ("team_manager", "Team figures", "kpis:team"),
        ("practitioner", "Your audits", "kpis:me"),
    ],
)
def test_the_menu_leads_each_role_to_its_figures(client, world, role, label, url_name):
    client.force_login(getattr(world.users, role))

    text = client.get(reverse("home")).content.decode()

    assert f'href="{reverse(url_name)}"' in text
    assert f"{label}\n" in text or f">{label}<" in text


def test_the_menu_has_no_kpi_link_for_a_participation_worker(client, world):
    client.force_login(world.users.participation_worker)

    text = client.get(reverse("home")).content.decode()

    assert reverse("kpis:dashboard") not in text


def test_a_director_s_my_work_lists_the_measures_off_target(client, world):
    from kpis import selectors
    from kpis.scopes import Scope
    from tests.kpis.builders import snapshots_for

    period = snapshots_for(world)
    red = [t for t in selectors.dashboard(Scope.service(), period) if t.rag == "red"]
    client.force_login(world.users.director)

    text = client.get(reverse("home")).content.decode()

    assert "Measures off target in October 2026" in text
    assert red, "the builder's figures put at least one measure off target"
    shown = red[: work.ITEMS_SHOWN]
    for tile in shown:
        assert escape(tile.kpi.title) in text
    assert text.count("Off target") == len(shown)
    if len(red) > len(shown):
        assert f"The {len(shown)} most urgent of {len(red)}." in text


def test_nobody_else_s_my_work_lists_measures(client, world):
    client.force_login(world.users.qa_officer)

    assert "Measures off target" not in client.get(reverse("home")).content.decode()
