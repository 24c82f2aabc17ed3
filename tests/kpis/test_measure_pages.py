"""Improvement Plan measures: the list, and one measure's KPIs, audit questions and survey
questions side by side over time."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from casework.models import Measure
from kpis import registry
from tests.kpis.builders import improvement_measure, snapshots_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_16_november")]


def test_the_list_names_each_measure_with_how_it_is_followed(client, world):
    improvement_measure()
    client.force_login(world.users.director)

    response = client.get(reverse("kpis:measures"))

    text = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Improvement Plan measures</h1>' in text
    for measure in Measure.objects.all():
        assert escape(measure.title) in text
        assert reverse("kpis:measure_detail", args=[measure.code]) in text


def test_a_measure_shows_its_kpi_and_survey_questions_side_by_side(client, world):
    measure = improvement_measure()
    snapshots_for(world)
    client.force_login(world.users.director)

    response = client.get(reverse("kpis:measure_detail", args=[measure.code]))

    text = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{escape(measure.title)}</h1>' in text
    assert escape(registry.get("voice.plan_copy").title) in text
    question = measure.survey_questions.first()
    assert escape(question.text) in text
    assert "Side by side, month by month" in text
    assert '<h2 class="govuk-heading-l">KPIs</h2>' in text
    assert '<h2 class="govuk-heading-l">Survey questions</h2>' in text
    sources = response.context["sources"]
    assert text.count('role="img"') == len(sources)
    assert len(response.context["rows"]) == 12
    assert all(len(row["cells"]) == len(sources) for row in response.context["rows"])


def test_an_unknown_measure_is_not_found(client, world):
    client.force_login(world.users.director)

    assert client.get(reverse("kpis:measure_detail", args=["nope"])).status_code == 404
