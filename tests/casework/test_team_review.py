"""Teams an import does not recognise wait on a review list for the QA officer."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.services import sample_month
from casework.imports.services import case_file_import
from casework.models import Allocation, Episode, ImportRun, ServiceArea, Team, TeamAlias
from moderation.selectors import learning_summary
from tests.factories import ServiceAreaFactory, TeamFactory

from .factories import case_csv

pytestmark = pytest.mark.django_db

AS_AT = dt.date(2026, 3, 31)


def rows(team_name: str, *, ids=("A1", "A2")) -> list[dict]:
    return [
        {
            "child_id": child_id,
            "case_type": "CIN",
            "team": team_name,
            "worker": "Ann Smith",
            "start_date": "05/01/2026",
        }
        for child_id in ids
    ]


def import_rows(tmp_path, team_rows, as_at=AS_AT, name="cases.csv"):
    path = case_csv(tmp_path / name, team_rows)
    return case_file_import(path=path, source=ImportRun.Source.CASE_CSV, as_at=as_at)


@pytest.fixture
def qa_client(client, world):
    client.force_login(world.users.qa_officer)
    return client


@pytest.fixture
def north():
    return TeamFactory(name="Safeguarding North", service_area=ServiceAreaFactory(name="North"))


def test_an_unknown_team_waits_for_review_and_the_import_says_so(tmp_path, north):
    report = import_rows(tmp_path, rows("S/guarding Nth"))
    team = Team.objects.get(name="S/guarding Nth")
    assert team.awaiting_review
    assert report.outcome.counts["teams_created"] == 1
    assert any("list of teams to review" in note for note in report.outcome.notes)
    assert not Team.objects.get(pk=north.pk).awaiting_review


def test_a_known_team_is_not_put_on_the_review_list(tmp_path, north):
    import_rows(tmp_path, rows("SAFEGUARDING  north"))
    assert not Team.objects.filter(awaiting_review=True).exists()
    assert Episode.objects.filter(team=north).count() == 2


def test_the_qa_officer_sees_the_teams_to_review_with_their_open_cases(qa_client, tmp_path):
    import_rows(tmp_path, rows("S/guarding Nth"))
    history = qa_client.get(reverse("casework:import_history"))
    assert "Imports named 1 team the service does not know" in history.text
    page = qa_client.get(reverse("casework:team_review_list"))
    assert page.status_code == 200
    assert "S/guarding Nth" in page.text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page.text


def test_mapping_moves_the_cases_and_later_imports_use_the_team(qa_client, tmp_path, north):
    import_rows(tmp_path, rows("S/guarding Nth"))
    team = Team.objects.get(name="S/guarding Nth")
    response = qa_client.post(
        reverse("casework:team_review", args=[team.pk]), {"action": "map", "map-into": north.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:team_review_list")
    assert not Team.objects.filter(name="S/guarding Nth").exists()
    assert Episode.objects.filter(team=north).count() == 2
    assert Allocation.objects.filter(team=north, end_date__isnull=True).count() == 2
    assert TeamAlias.objects.get().team == north
    # The area imports put unknown teams in goes once it is empty.
    assert not ServiceArea.objects.filter(name="Unassigned").exists()
    listing = qa_client.get(reverse("casework:team_review_list"))
    assert "S/guarding Nth" in listing.text  # in the success message
    assert "There are no teams to review." in listing.text

    report = import_rows(
        tmp_path, rows("s/GUARDING  nth", ids=("A1", "A2", "A3")), as_at=AS_AT, name="next.csv"
    )
    assert report.outcome.counts["teams_created"] == 0
    assert not Team.objects.filter(awaiting_review=True).exists()
    assert Episode.objects.filter(team=north).count() == 3


def test_adding_it_as_a_new_team_puts_it_in_the_chosen_area(qa_client, tmp_path, north):
    import_rows(tmp_path, rows("Children with Disabilities"))
    team = Team.objects.get(name="Children with Disabilities")
    response = qa_client.post(
        reverse("casework:team_review", args=[team.pk]),
        {"action": "add", "add-service_area": north.service_area.pk},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.awaiting_review, team.service_area) == (False, north.service_area)
    assert qa_client.get(reverse("casework:team_review", args=[team.pk])).status_code == 404


def test_a_review_without_a_choice_says_what_to_choose(qa_client, tmp_path, north):
    import_rows(tmp_path, rows("S/guarding Nth"))
    team = Team.objects.get(name="S/guarding Nth")
    response = qa_client.post(reverse("casework:team_review", args=[team.pk]), {"action": "map"})
    assert response.status_code == 400
    assert "Choose the team this name means" in response.text
    response = qa_client.post(
        reverse("casework:team_review", args=[team.pk]), {"action": "add", "add-service_area": ""}
    )
    assert response.status_code == 400
    assert "Choose the service area the team belongs to" in response.text
    assert Team.objects.get(pk=team.pk).awaiting_review


def test_a_team_cannot_be_mapped_to_another_awaiting_review(qa_client, tmp_path):
    import_rows(tmp_path, [*rows("Team X", ids=("A1",)), *rows("Team Y", ids=("A2",))])
    x, y = Team.objects.get(name="Team X"), Team.objects.get(name="Team Y")
    response = qa_client.post(
        reverse("casework:team_review", args=[x.pk]), {"action": "map", "map-into": y.pk}
    )
    assert response.status_code == 400
    assert Team.objects.filter(awaiting_review=True).count() == 2


@pytest.mark.parametrize("count", [3, 30])
def test_the_review_list_reads_a_fixed_number_of_queries(
    qa_client, count, django_assert_max_num_queries
):
    area = ServiceAreaFactory(name="Unassigned")
    for number in range(count):
        TeamFactory(name=f"Unknown {number}", service_area=area, awaiting_review=True)
    with django_assert_max_num_queries(7):
        response = qa_client.get(reverse("casework:team_review_list"))
    assert response.text.count("Review<span") == count


def test_sampling_and_the_learning_summary_leave_out_teams_awaiting_review(tmp_path, north):
    import_rows(tmp_path, rows("S/guarding Nth"))
    result = sample_month(period=dt.date(2026, 4, 1), dry_run=True)
    assert "S/guarding Nth" not in result.per_team()
    assert all(item.team_name != "S/guarding Nth" for item in result.planned)
    summary = learning_summary(dt.date(2026, 4, 1))
    assert "Unassigned" not in [area.name for area in summary.areas]
    assert "North" in [area.name for area in summary.areas]
