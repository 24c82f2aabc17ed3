"""Versioned audit templates and the sampling settings, as a QA officer uses them."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from audits.errors import AuditError
from audits.models import (
    AuditDomain,
    AuditorCapacity,
    AuditQuestion,
    AuditTemplate,
    TeamSampleSize,
)
from audits.services import (
    QuestionInput,
    audit_domain_update,
    audit_template_draft_create,
    audit_template_publish,
)

pytestmark = pytest.mark.django_db

DESIGN_DOMAINS = [
    "The child's lived experience and voice",
    "Assessment",
    "Planning",
    "Management oversight and supervision",
    "Multi-agency working",
    "Impact and outcomes",
]


def test_the_default_template_ships_with_the_six_domains_of_the_design():
    AuditTemplate.objects.all().delete()
    migration = importlib.import_module("audits.migrations.0002_default_template")
    migration.create_default(apps, None)
    template = AuditTemplate.objects.get()
    assert (template.version, template.status) == (1, AuditTemplate.Status.PUBLISHED)
    assert [d.title for d in template.domains.all()] == DESIGN_DOMAINS
    assert all(d.questions.exists() for d in template.domains.all())
    assert not AuditQuestion.objects.filter(guidance="").exists()


def test_the_default_template_page_speaks_to_qa_officers_not_to_developers(client, world):
    AuditTemplate.objects.all().delete()
    importlib.import_module("audits.migrations.0002_default_template").create_default(apps, None)
    template = AuditTemplate.objects.get()
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("audits:template", args=[template.pk])).text
    assert "six domains" in page
    assert "DESIGN" not in page


def test_an_existing_default_template_loses_its_note_about_a_developers_document():
    template = AuditTemplate.objects.get()
    AuditTemplate.objects.filter(pk=template.pk).update(
        notes="The default template: DESIGN.md's six domains."
    )
    importlib.import_module("audits.migrations.0004_default_template_notes").reword(apps, None)
    template.refresh_from_db()
    assert "DESIGN" not in template.notes
    assert template.notes.startswith("The template the service started with")


def test_a_qa_officer_drafts_edits_and_publishes_a_new_version(client, world, template):
    client.force_login(world.users.qa_officer)
    response = client.post(reverse("audits:template_draft_create"))
    draft = AuditTemplate.objects.get(status=AuditTemplate.Status.DRAFT)
    assert response["Location"] == reverse("audits:template", args=[draft.pk])
    assert draft.version == 2
    assert [d.title for d in draft.domains.all()] == DESIGN_DOMAINS

    planning = draft.domains.get(title="Planning")
    questions = list(planning.questions.all())
    data = {
        "title": "Planning and review",
        "description": "Plans that children and families understand.",
        "position": "3",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
    }
    for number, question in enumerate(questions):
        data[f"questions-{number}-pk"] = str(question.pk)
        data[f"questions-{number}-text"] = question.text if number else ""  # remove the first
        data[f"questions-{number}-guidance"] = question.guidance
    data[f"questions-{len(questions)}-text"] = "Has the plan been explained to the child?"
    data[f"questions-{len(questions)}-guidance"] = "In words that suit their age."
    response = client.post(reverse("audits:template_domain_edit", args=[planning.pk]), data)
    assert response.status_code == 302, response.text
    planning.refresh_from_db()
    assert planning.title == "Planning and review"
    texts = list(planning.questions.values_list("text", flat=True))
    assert questions[0].text not in texts
    assert texts[-1] == "Has the plan been explained to the child?"

    response = client.post(
        reverse("audits:template_publish", args=[draft.pk]), {"notes": "Planning reworded."}
    )
    draft.refresh_from_db()
    template.refresh_from_db()
    assert (draft.status, template.status) == ("published", "retired")
    assert draft.notes == "Planning reworded."
    # The old version is as it was.
    assert template.domains.get(position=3).title == "Planning"


def test_a_published_version_can_never_be_changed(client, world, template):
    domain = template.domains.first()
    with pytest.raises(AuditError, match="cannot be changed. Start a new draft"):
        audit_domain_update(
            domain=domain,
            by=world.users.qa_officer,
            title="Changed",
            description="",
            case_kinds=[],
            position=1,
            questions=[QuestionInput(text="Anything?")],
        )
    client.force_login(world.users.qa_officer)
    response = client.get(reverse("audits:template_domain_edit", args=[domain.pk]))
    assert response["Location"] == reverse("audits:template", args=[template.pk])
    response = client.post(reverse("audits:template_domain_remove", args=[domain.pk]))
    assert AuditDomain.objects.filter(pk=domain.pk).exists()


def test_only_one_draft_at_a_time_and_a_draft_needs_questions_to_be_published(world, template):
    qa = world.users.qa_officer
    draft = audit_template_draft_create(by=qa)
    with pytest.raises(AuditError, match="already a draft"):
        audit_template_draft_create(by=qa)
    draft.domains.first().questions.all().delete()
    with pytest.raises(AuditError, match="Add at least one question"):
        audit_template_publish(template=draft, by=qa)
    draft.domains.all().delete()
    with pytest.raises(AuditError, match="Add at least one domain"):
        audit_template_publish(template=draft, by=qa)


def test_a_qa_officer_adds_and_removes_a_domain_of_a_draft(client, world, template):
    qa = world.users.qa_officer
    draft = audit_template_draft_create(by=qa)
    client.force_login(qa)
    data = {
        "title": "Permanence",
        "description": "",
        "case_kinds": ["cla"],
        "position": "7",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
        "questions-0-text": "Is there a plan for permanence by the second review?",
    }
    response = client.post(reverse("audits:template_domain_add", args=[draft.pk]), data)
    assert response.status_code == 302
    added = draft.domains.get(title="Permanence")
    assert added.case_kinds == ["cla"]
    page = client.get(reverse("audits:template", args=[draft.pk])).text
    assert "Applies to: Child looked after" in page

    data["questions-0-text"] = ""
    data["title"] = "Empty"
    response = client.post(reverse("audits:template_domain_add", args=[draft.pk]), data)
    assert "Add at least one question to &#x27;Empty&#x27;" in response.text
    assert not draft.domains.filter(title="Empty").exists()

    client.post(reverse("audits:template_domain_remove", args=[added.pk]))
    assert not draft.domains.filter(title="Permanence").exists()
    assert AuditDomain.history.filter(id=added.pk, history_type="-").get().history_user == qa


def test_a_qa_officer_sets_cases_per_team_and_each_peers_capacity(client, world, template):
    client.force_login(world.users.qa_officer)
    page = client.get(reverse("audits:sampling_settings")).text
    assert "Safeguarding A" in page
    assert escape(world.users.peer_auditor.display_name) in page
    data = {
        f"team_{world.team_a.pk}": "4",
        f"team_{world.team_b.pk}": "2",
        f"peer_{world.users.peer_auditor.pk}": "0",
    }
    response = client.post(reverse("audits:sampling_settings"), data)
    assert response["Location"] == reverse("audits:rounds")
    assert TeamSampleSize.objects.get(team=world.team_a).cases_per_month == 4
    capacity = AuditorCapacity.objects.get(auditor=world.users.peer_auditor)
    assert capacity.audits_per_month == 0
    assert capacity.history.get().history_user == world.users.qa_officer

    data[f"team_{world.team_a.pk}"] = "99"
    data[f"peer_{world.users.peer_auditor.pk}"] = "lots"
    response = client.post(reverse("audits:sampling_settings"), data)
    assert "Cases for Safeguarding A must be 20 or fewer" in response.text
    assert "must be a whole number" in response.text
    assert TeamSampleSize.objects.get(team=world.team_a).cases_per_month == 4
