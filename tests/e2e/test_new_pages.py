"""Pages added for reviewing imported teams, subject access and the loop's own lists, on the demo
data: each passes axe and fits a 320 px wide screen."""

import pytest

from tests.demo_snapshot import load_demo
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_sign_in import sign_in
from tests.factories import TeamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert_accessible(page)
    assert_fits_320(page)


def test_a_qa_officer_reviews_an_imported_team_and_finds_a_child_for_subject_access(page):
    load_demo()
    team = TeamFactory(name="Safeguarding Nth", awaiting_review=True)
    sign_in(page, "qa")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    visit(page, "/casework/teams/review/")
    page.get_by_text("Safeguarding Nth").first.wait_for()
    visit(page, f"/casework/teams/review/{team.pk}/")
    visit(page, "/casework/subject-access/")
    visit(page, "/casework/subject-access/?child_id=NM000001")
    visit(page, "/casework/subject-access/?child_id=NOBODY")
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()


def test_a_manager_reads_their_learning_notes_and_the_audits_waiting_for_actions(page):
    load_demo()
    sign_in(page, "manager")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    visit(page, "/moderation/notes/")
    visit(page, "/moderation/audits/to-give/")
    visit(page, "/messages/")
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_text("You have read all your messages.").wait_for()
    assert_accessible(page)
