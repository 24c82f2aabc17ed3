"""Every state × every action of each voice workflow: allowed ones move on, others are refused
with a readable message and change nothing."""

import datetime as dt

import pytest

from feedback.models import ComplaintOrCompliment, Invitation, SafeguardingAlert, Survey
from feedback.services import (
    FeedbackError,
    answer_save,
    complaint_close,
    complaint_escalate,
    complaint_record,
    complaint_respond,
    compliment_pass_on,
    invitation_cancel,
    invitation_link_make,
    invitation_submit,
    invitations_expire,
    safeguarding_alert_acknowledge,
    safeguarding_alerts_escalate,
    survey_new_version,
    survey_publish,
    survey_retire,
    survey_start,
)

pytestmark = pytest.mark.django_db

# Invitations ----------------------------------------------------------------------------------


def _invitation_action(voice, action):
    invitation = voice.invitation
    by = voice.world.users.practitioner
    return {
        "make_link": lambda: invitation_link_make(invitation=invitation, by=by),
        "start": lambda: survey_start(invitation=invitation),
        "answer": lambda: answer_save(
            invitation=invitation, question=invitation.survey.questions.first(), choice="3"
        ),
        "submit": lambda: invitation_submit(invitation=invitation, anonymous=True),
        "cancel": lambda: invitation_cancel(invitation=invitation, by=by),
    }[action]


INVITATION_RESULTS = {
    "make_link": {"pending": "open", "open": "open", "started": "open"},
    "start": {"open": "started", "started": "started"},
    "answer": {"open": "started", "started": "started"},
    "submit": {"started": "submitted"},
    "expire": {"pending": "expired", "open": "expired", "started": "expired"},
    "cancel": {"pending": "cancelled", "open": "cancelled", "started": "cancelled"},
}


@pytest.mark.parametrize("action", sorted(INVITATION_RESULTS))
@pytest.mark.parametrize("status", Invitation.Status.values)
def test_invitation_state_and_action(voice, status, action):
    Invitation.objects.filter(pk=voice.invitation.pk).update(status=status)
    voice.invitation.refresh_from_db()
    allowed = status in INVITATION_RESULTS[action]
    if action == "expire":
        # The job only expires links past their date, and only those still unfinished.
        count = invitations_expire(now=voice.invitation.expires_at)
        assert count == (1 if allowed else 0)
    elif allowed:
        _invitation_action(voice, action)()
    else:
        with pytest.raises(FeedbackError) as refused:
            _invitation_action(voice, action)()
        assert str(refused.value)
    voice.invitation.refresh_from_db()
    assert voice.invitation.status == INVITATION_RESULTS[action].get(status, status)


# Safeguarding alerts --------------------------------------------------------------------------

ALERT_RESULTS = {
    "escalate": {"open": "escalated"},
    "acknowledge": {"open": "acknowledged", "escalated": "acknowledged"},
}


@pytest.mark.parametrize("action", sorted(ALERT_RESULTS))
@pytest.mark.parametrize("status", SafeguardingAlert.Status.values)
def test_alert_state_and_action(voice, status, action):
    safe = voice.invitation.survey.questions.get(theme="safe")
    alert = answer_save(invitation=voice.invitation, question=safe, choice="no")
    alert = SafeguardingAlert.objects.get()
    SafeguardingAlert.objects.filter(pk=alert.pk).update(status=status)
    alert.refresh_from_db()
    allowed = status in ALERT_RESULTS[action]
    if action == "escalate":
        assert safeguarding_alerts_escalate(now=alert.escalate_after) == (1 if allowed else 0)
    elif allowed:
        safeguarding_alert_acknowledge(
            alert=alert, by=voice.world.users.team_manager, action_taken="Checked."
        )
    else:
        with pytest.raises(FeedbackError, match="already been checked"):
            safeguarding_alert_acknowledge(
                alert=alert, by=voice.world.users.team_manager, action_taken="Checked."
            )
    alert.refresh_from_db()
    assert alert.status == ALERT_RESULTS[action].get(status, status)


# Surveys --------------------------------------------------------------------------------------

SURVEY_RESULTS = {
    "publish": {"draft": "published"},
    "retire": {"published": "retired"},
    "new_version": {"published": "published", "retired": "retired"},
}
SURVEY_SERVICES = {
    "publish": survey_publish,
    "retire": survey_retire,
    "new_version": survey_new_version,
}


@pytest.mark.parametrize("action", sorted(SURVEY_RESULTS))
@pytest.mark.parametrize("status", Survey.Status.values)
def test_survey_state_and_action(child_survey, status, action):
    Survey.objects.filter(pk=child_survey.pk).update(status=status)
    child_survey.refresh_from_db()
    allowed = status in SURVEY_RESULTS[action]
    if allowed:
        SURVEY_SERVICES[action](survey=child_survey)
    else:
        with pytest.raises(FeedbackError):
            SURVEY_SERVICES[action](survey=child_survey)
    child_survey.refresh_from_db()
    assert child_survey.status == SURVEY_RESULTS[action].get(status, status)


@pytest.mark.parametrize("status", Survey.Status.values)
def test_only_a_draft_survey_can_be_edited(child_survey, status):
    Survey.objects.filter(pk=child_survey.pk).update(status=status)
    child_survey.refresh_from_db()
    assert child_survey.is_editable == (status == "draft")


# Complaints and compliments --------------------------------------------------------------------

Item = ComplaintOrCompliment
DAY = dt.date(2026, 3, 2)
COMPLAINT_RESULTS = {
    ("complaint", "respond"): {"open": "responded"},
    ("complaint", "escalate"): {"responded": "open"},
    ("complaint", "close"): {"responded": "closed"},
    ("compliment", "pass_on"): {"open": "passed_on"},
}
COMPLAINT_SERVICES = {
    "respond": lambda item: complaint_respond(item=item, sent_on=DAY, outcome="upheld"),
    "escalate": lambda item: complaint_escalate(item=item, requested_on=DAY),
    "close": lambda item: complaint_close(item=item, learning="Call back within a day."),
    "pass_on": lambda item: compliment_pass_on(item=item),
}


@pytest.mark.parametrize("action", ["close", "escalate", "pass_on", "respond"])
@pytest.mark.parametrize("status", Item.Status.values)
@pytest.mark.parametrize("kind", Item.Kind.values)
def test_register_kind_state_and_action(world, kind, status, action):
    item = complaint_record(
        kind=kind,
        received_on=DAY,
        team=world.team_a,
        category=Item.Category.COMMUNICATION,
        received_from=Item.From.PARENT_CARER,
        summary="About phone calls.",
        by=world.users.qa_officer,
    )
    Item.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    results = COMPLAINT_RESULTS.get((kind, action), {})
    allowed = status in results
    if allowed:
        COMPLAINT_SERVICES[action](item)
    else:
        with pytest.raises(FeedbackError):
            COMPLAINT_SERVICES[action](item)
    item.refresh_from_db()
    assert item.status == results.get(status, status)
