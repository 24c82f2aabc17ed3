"""The admin never widens Django's permissions and never moves a record through its workflow."""

import contextlib

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from feedback.models import ComplaintOrCompliment, Survey
from qaf import workflow
from qaf.admin import workflow_field_names
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_IDS = [model._meta.label for model, _ in REGISTERED]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def staff_without_permissions(client):
    user = factories.UserFactory(username="staff-no-perms", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def superuser():
    return factories.UserFactory(username="admin-super", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
@pytest.mark.parametrize("view", ["changelist", "add", "change"])
def test_staff_account_without_permissions_is_refused_every_admin_page(
    client, staff_without_permissions, model, model_admin, view
):
    url = admin_url(model, view, 1) if view == "change" else admin_url(model, view)

    assert client.get(url).status_code == 403
    assert client.post(url, data={}).status_code == 403


def test_staff_account_without_permissions_cannot_open_or_edit_a_draft_survey(
    client, staff_without_permissions
):
    survey = Survey.objects.create(
        key="closure-yp", title="How was it?", audience="young_person", journey_point="closure"
    )

    assert client.get(admin_url(Survey, "change", survey.pk)).status_code == 403
    response = client.post(admin_url(Survey, "change", survey.pk), data={"title": "Changed"})

    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.title == "How was it?"


def test_workflow_fields_are_found_from_the_models():
    assert workflow_field_names(Survey) == ["status"]
    assert set(workflow_field_names(ComplaintOrCompliment)) == {"stage", "status"}


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_every_admin_shows_workflow_fields_read_only(superuser, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = superuser

    readonly = set(model_admin.get_readonly_fields(request, None))

    assert set(workflow_field_names(model)) <= readonly


WORKFLOW_MODELS = [
    (model, model_admin) for model, model_admin in REGISTERED if workflow_field_names(model)
]


@pytest.mark.parametrize(
    ("model", "model_admin"), WORKFLOW_MODELS, ids=[m._meta.label for m, _ in WORKFLOW_MODELS]
)
def test_no_admin_action_changes_a_workflow_state(superuser, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = superuser

    assert set(model_admin.get_actions(request)) <= {"delete_selected"}


def test_complaint_cannot_be_responded_to_or_closed_in_the_admin(client, superuser, world):
    complaint = ComplaintOrCompliment.objects.create(
        kind="complaint",
        received_on="2026-11-02",
        category="delay",
        summary="The visit was missed.",
        stage="stage_1",
        team=world.team_a,
    )
    client.force_login(superuser)

    client.post(
        admin_url(ComplaintOrCompliment, "change", complaint.pk),
        data={
            "summary": "The visit was missed twice.",
            "category": "delay",
            "received_from": "other",
            "team": world.team_a.pk,
            "status": "closed",
            "stage": "stage_3",
            "outcome": "upheld",
        },
    )

    complaint.refresh_from_db()
    assert complaint.summary == "The visit was missed twice."
    assert (complaint.status, complaint.stage, complaint.outcome) == ("open", "stage_1", "")
    assert not model_has_admin_add(ComplaintOrCompliment, superuser)


def model_has_admin_add(model, user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return site._registry[model].has_add_permission(request)


def _workflow_fields(model) -> set[str]:
    """Fields named status, state or stage, and the field a registered machine drives."""
    names = {f.name for f in model._meta.concrete_fields if f.name in {"status", "state", "stage"}}
    with contextlib.suppress(LookupError):
        names.add(workflow.machine_for(model).field)
    return names


FORMS = [
    pytest.param(model, model_admin, change, id=f"{model._meta.label}:{label}")
    for model, model_admin in REGISTERED
    for change, label in ((False, "add"), (True, "change"))
]


@pytest.mark.parametrize(("model", "model_admin", "change"), FORMS)
def test_no_admin_form_can_edit_a_workflow_field(superuser, model, model_admin, change):
    """Derived from the registry: neither the add nor the change form of any admin, nor any of
    its inlines, has an editable status, state or stage, or a field a machine drives."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    form = model_admin.get_form(request, None, change=change)
    editable = _workflow_fields(model) & set(form.base_fields)
    assert not editable, f"{model._meta.label} admin lets {sorted(editable)} be edited"
    for inline in model_admin.get_inline_instances(request):
        inline_form = inline.get_formset(request, None).form
        editable = _workflow_fields(inline.model) & set(inline_form.base_fields)
        assert not editable, f"{inline.model._meta.label} inline lets {sorted(editable)} be edited"


def test_every_machine_is_covered_by_the_admin_check():
    """A machine whose model has an admin has its field among those the check above covers."""
    for machine in workflow.machines():
        assert machine.field in _workflow_fields(machine.model)
        if machine.model in site._registry:
            assert machine.field in workflow_field_names(machine.model)


def test_a_draft_survey_cannot_be_put_into_use_in_the_admin(client, superuser):
    survey = Survey.objects.create(
        key="closure-yp", title="How was it?", audience="young_person", journey_point="closure"
    )
    client.force_login(superuser)

    client.post(
        admin_url(Survey, "change", survey.pk),
        data={
            "key": survey.key,
            "version": 1,
            "title": "How was it for you?",
            "kind": survey.kind,
            "audience": survey.audience,
            "journey_point": survey.journey_point,
            "status": "published",
            "published_at_0": "2026-11-02",
            "published_at_1": "10:00",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )

    survey.refresh_from_db()
    assert survey.title == "How was it for you?"
    assert (survey.status, survey.published_at) == ("draft", None)


def test_conversation_answers_are_read_only_and_an_answered_question_keeps_its_wording(
    superuser,
):
    from audits.models import Conversation, ConversationQuestion

    request = RequestFactory().get("/admin/")
    request.user = superuser
    answer = factories.ConversationAnswerFactory()
    unanswered = factories.ConversationQuestionFactory()
    question_admin = site._registry[ConversationQuestion]
    inline = next(
        inline
        for inline in site._registry[Conversation].get_inline_instances(request)
        if inline.model is type(answer)
    )

    assert not inline.has_add_permission(request, answer.conversation)
    assert not inline.has_change_permission(request, answer.conversation)
    assert {"measure", "asked_of", "text"} <= set(
        question_admin.get_readonly_fields(request, answer.question)
    )
    assert not question_admin.has_delete_permission(request, answer.question)
    assert "text" not in question_admin.get_readonly_fields(request, unanswered)
    assert question_admin.has_delete_permission(request, unanswered)
