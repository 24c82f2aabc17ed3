"""QA officers change a KPI's target and thresholds; the history of changes is on the page."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from kpis import registry
from kpis.models import KpiTarget

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]

CODE = "audit.agreement_rate"


def _post(client, user, **data):
    client.force_login(user)
    values = {"target": "85", "green_from": "85", "amber_from": "70", "reason": "Board agreed"}
    values.update(data)
    return client.post(reverse("kpis:target_edit", args=[CODE]), values)


def test_the_list_shows_every_kpi_with_its_target(client, world):
    client.force_login(world.users.qa_officer)

    text = client.get(reverse("kpis:targets")).content.decode()

    for kpi in registry.all_kpis():
        assert escape(kpi.title) in text
    assert text.count("The default") == len(registry.all_kpis())


def test_a_qa_officer_changes_a_target_and_sees_the_change_in_its_history(client, world):
    response = _post(client, world.users.qa_officer)

    assert response.status_code == 302
    assert response["Location"] == reverse("kpis:targets")
    target = KpiTarget.objects.get(code=CODE)
    assert (target.target, target.green_from, target.amber_from) == (
        Decimal("85"),
        Decimal("85"),
        Decimal("70"),
    )
    text = client.get(reverse("kpis:target_edit", args=[CODE])).content.decode()
    assert "Board agreed" in text
    assert world.users.qa_officer.display_name in text
    assert "85%" in text
    listing = client.get(reverse("kpis:targets")).content.decode()
    assert f"{world.users.qa_officer.display_name}, " in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amber_from": "90"}, "Amber must start below green when a higher value is better"),
        ({"target": "120"}, "Enter a percentage from 0 to 100"),
        ({"green_from": "lots"}, "Enter a number, like 80"),
        ({"target": "-1"}, "Enter 0 or more"),
        ({"reason": ""}, "Say why the target changes"),
        ({"green_from": "", "amber_from": "60"}, "Enter where green starts"),
    ],
)
def test_an_impossible_target_is_refused_with_a_message_and_nothing_is_saved(
    client, world, data, message
):
    response = _post(client, world.users.qa_officer, **data)

    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert escape(message) in text
    assert not KpiTarget.objects.exists()


def test_nobody_else_may_change_a_target(client, world):
    for role in ("director", "senior_manager", "team_manager", "practitioner"):
        assert _post(client, getattr(world.users, role)).status_code == 403
    assert not KpiTarget.objects.exists()
