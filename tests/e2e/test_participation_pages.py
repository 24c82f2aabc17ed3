"""Participation groups on the demo data: the worker's pages and a manager answering, each page
passing axe and fitting 320 px."""

import pytest

from feedback.models import ParticipationRecommendation
from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_sign_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert_accessible(page)
    assert_fits_320(page)


def test_a_worker_runs_a_group_and_a_manager_answers_its_recommendation(page):
    load_demo()
    waiting = ParticipationRecommendation.objects.filter(
        status=ParticipationRecommendation.Status.OPEN, manager__username="manager"
    ).select_related("session")
    recommendation = waiting.first()
    session = recommendation.session
    sign_in(page, "participation")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    visit(page, "/feedback/participation/")
    visit(page, f"/feedback/participation/groups/{session.group_id}/")
    page.get_by_text("Waiting for").first.wait_for()
    visit(page, f"/feedback/participation/{session.pk}/")
    visit(page, "/feedback/participation/new/")
    visit(page, "/feedback/participation/groups/new/")
    visit(page, f"/feedback/participation/{session.pk}/recommendations/new/")

    page.context.clear_cookies()
    sign_in(page, "manager")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    page.get_by_role("link", name="Answer a recommendation from children and young people").click()
    assert_accessible(page)
    visit(page, f"/feedback/participation/recommendations/{recommendation.pk}/")
    page.get_by_label("Your answer to the group").fill(
        "Yes. From next month you choose where we meet, and we will ask you every time."
    )
    page.get_by_role("button", name="Send your answer").click()
    page.get_by_text("Your answer will be shown to the group").wait_for()
    assert_accessible(page)
    recommendation.refresh_from_db()
    assert recommendation.status == ParticipationRecommendation.Status.ANSWERED
