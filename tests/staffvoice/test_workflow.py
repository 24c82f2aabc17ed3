"""Every state × every action of the staff voice machines: allowed or refused."""

import itertools

import pytest

from qaf import workflow
from staffvoice.errors import StaffVoiceError
from staffvoice.models import (
    AnonymousComment,
    CircleMeeting,
    CircleSuggestion,
    QualityCircle,
    StaffQuestion,
    StaffSurvey,
)

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("StaffSurvey", "draft", "open"),
    ("StaffSurvey", "open", "close"),
    ("AnonymousComment", "to_check", "approve"),
    ("AnonymousComment", "withheld", "approve"),
    ("AnonymousComment", "to_check", "withhold"),
    ("AnonymousComment", "approved", "withhold"),
    ("CircleSuggestion", "open", "answer"),
}


def _make(model, world):
    survey = StaffSurvey.objects.create(title="Pulse")
    question = StaffQuestion.objects.create(survey=survey, text="Anything?", kind="free_text")
    if model is StaffSurvey:
        return survey
    if model is AnonymousComment:
        return AnonymousComment.objects.create(
            survey=survey, question=question, week="2026-W49", text="Hi"
        )
    circle = QualityCircle.objects.create(name="C", level="asye")
    meeting = CircleMeeting.objects.create(circle=circle, met_on="2026-11-02", themes="T")
    return CircleSuggestion.objects.create(meeting=meeting, text="S")


CASES = [
    (model, state, action.name)
    for model in (StaffSurvey, AnonymousComment, CircleSuggestion)
    for state, action in itertools.product(
        workflow.machine_for(model).states, workflow.machine_for(model).actions
    )
]


@pytest.mark.parametrize(("model", "state", "action"), CASES)
def test_each_action_moves_only_from_its_states(world, model, state, action):
    obj = _make(model, world)
    model.objects.filter(pk=obj.pk).update(status=state)
    obj.refresh_from_db()
    by = world.users.director if model is CircleSuggestion else world.users.qa_officer
    if (model.__name__, state, action) in ALLOWED:
        moved = workflow.perform(obj, action, by=by)
        assert moved.status == workflow.machine_for(model).action(action).target
    else:
        with pytest.raises(StaffVoiceError):
            workflow.perform(obj, action, by=by)
        obj.refresh_from_db()
        assert obj.status == state
