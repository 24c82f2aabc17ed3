"""The other audit pages, as the QA officer sees them: axe and 320 px on each."""

import pytest

from audits.models import AuditTemplate, CaseAudit
from audits.services import audit_template_draft_create, sample_month
from audits.services.sampling import months_before
from casework.models import Team
from qaf.roles import Role
from tests.e2e.axe import assert_accessible, assert_fits_320
from tests.e2e.test_audit_grading import sampled_case, sign_in  # noqa: F401  (a fixture)
from tests.factories import ChildFactory, EpisodeFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def next_round(sampled_case):  # noqa: F811
    """Next month's round, with a case of the only peer auditor's own team left to place."""
    qa = UserFactory(username="priya", full_name="Priya Sharma", roles=[Role.QA_OFFICER])
    EpisodeFactory(
        child=ChildFactory(child_id="NM000456"), team=Team.objects.get(name="Children in Care")
    )
    this_round = CaseAudit.objects.get().round
    audit_template_draft_create(by=qa)
    return sample_month(period=months_before(this_round.period, -1)).round


def visit(page, path: str) -> None:
    page.goto(path)
    assert_accessible(page)
    assert_fits_320(page)


def test_the_qa_officers_audit_pages_pass_axe_and_fit_a_small_screen(page, next_round):
    unplaced = CaseAudit.objects.get(child__child_id="NM000456")
    assert unplaced.peer_auditor is None
    draft = AuditTemplate.objects.get(status="draft")
    sign_in(page, "priya")
    visit(page, "/audits/rounds/")
    visit(page, f"/audits/rounds/{next_round.pk}/")
    page.get_by_role("link", name="Assign a peer auditor to case NM000456").wait_for()
    visit(page, f"/audits/rounds/sample/?period={months_before(next_round.period, -1):%Y-%m}")
    visit(page, "/audits/rounds/settings/")
    visit(page, "/audits/rounds/templates/")
    visit(page, f"/audits/rounds/templates/{draft.pk}/")
    visit(page, f"/audits/rounds/templates/{draft.pk}/domains/add/")
    visit(page, f"/audits/rounds/templates/domains/{draft.domains.first().pk}/")
    visit(page, "/audits/cases/")
    visit(page, f"/audits/cases/{unplaced.pk}/")
    visit(page, f"/audits/cases/{unplaced.pk}/history/")
    visit(page, f"/audits/cases/{unplaced.pk}/assign/?role=peer_auditor")
    visit(page, f"/audits/cases/{unplaced.pk}/safeguarding/")

    # A mistake in the settings: the error summary passes axe too.
    page.goto("/audits/rounds/settings/")
    page.get_by_label("Safeguarding 1").fill("many")
    page.get_by_role("button", name="Save the settings").click()
    page.get_by_role("alert").get_by_text("There is a problem").wait_for()
    assert_accessible(page)
