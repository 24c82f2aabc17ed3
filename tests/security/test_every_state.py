"""Each record with a status, probed in each of its states by every role and stranger.

The world holds case audits sampled, in moderation, moderated and in follow-up; here actions,
escalations, alerts, links and complaints are taken through their states with the services too.
Every page about such a record, opened (GET) by anyone and posted to (POST, empty) by anyone whose
role lets them past the door, in any state, gives no server error; a role the matrix turns away,
and every stranger, stays turned away.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audits.models import CaseAudit
from feedback.models import ComplaintOrCompliment, Invitation, SafeguardingAlert
from moderation.models import Action, Escalation, FollowUpReview, Moderation, PractitionerFeedback
from tests.matrix import LOGIN, ROLES, STRANGERS, rolled_back
from tests.test_url_matrix import ROUTES as ROUTES_BY_NAME

from .probing import Visitors, forbidden_roles, is_turned_away

pytestmark = pytest.mark.django_db

# Which record each URL is about (the ``pk`` it takes).
RECORD_OF = {
    "audits:detail": CaseAudit,
    "audits:history": CaseAudit,
    "audits:grading": CaseAudit,
    "audits:grading_overall": CaseAudit,
    "audits:grading_submit": CaseAudit,
    "audits:conversation_add": CaseAudit,
    "audits:concern_raise": CaseAudit,
    "audits:assign": CaseAudit,
    "moderation:detail": Moderation,
    "moderation:record": Moderation,
    "moderation:assign": Moderation,
    "moderation:case": CaseAudit,
    "moderation:history": CaseAudit,
    "moderation:grading_themes": CaseAudit,
    "moderation:action_add": CaseAudit,
    "moderation:feedback_give": CaseAudit,
    "moderation:feedback_skip": CaseAudit,
    "moderation:action": Action,
    "moderation:feedback": PractitionerFeedback,
    "moderation:follow_up": FollowUpReview,
    "moderation:escalation": Escalation,
    "feedback:alert_detail": SafeguardingAlert,
    "feedback:invitation_detail": Invitation,
    "feedback:invitation_make_link": Invitation,
    "feedback:invitation_cancel": Invitation,
    "feedback:complaint_detail": ComplaintOrCompliment,
    "feedback:complaint_edit": ComplaintOrCompliment,
    "feedback:complaint_respond": ComplaintOrCompliment,
    "feedback:complaint_escalate": ComplaintOrCompliment,
    "feedback:complaint_close": ComplaintOrCompliment,
    "feedback:compliment_pass_on": ComplaintOrCompliment,
}


def _every_state(world) -> None:
    """Take more of the world's records through their states, through the services."""
    from feedback import services as voice
    from moderation import services as loop

    users = world.users
    audit = world.moderated_audit
    due = world.action.due_date
    done, cancelled = (
        loop.action_add(
            case_audit=audit,
            by=users.team_manager,
            description=text,
            owner=users.practitioner,
            due_date=due,
        )
        for text in ("Write the plan in plain words.", "Book a strategy meeting.")
    )
    loop.action_complete(action=done, by=users.practitioner, evidence="Plan rewritten.")
    loop.action_cancel(action=cancelled, by=users.team_manager, reason="No longer needed.")

    resolved, _ = loop.escalation_raise(
        key="every-state",
        kind="follow_up_overdue",
        case_audit=world.moderated_audit,
        reason="Late.",
    )
    loop.escalation_resolve(escalation=resolved, by=users.senior_manager, response="Agreed.")

    survey = world.voice.survey
    safe = survey.questions.get(theme="safe")

    def link():
        return voice.invitation_create(
            survey=survey, child=world.child, created_by=users.practitioner
        )[0]

    checked = voice.answer_save(invitation=link(), question=safe, choice="no")
    voice.safeguarding_alert_acknowledge(
        alert=checked.invitation.alerts.get(), by=users.team_manager, action_taken="Visited."
    )
    sent = link()
    voice.survey_start(invitation=sent)
    voice.invitation_submit(invitation=sent, anonymous=True)
    voice.invitation_cancel(invitation=link(), by=users.practitioner)
    with time_machine.travel(dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC), tick=False):
        expired = link()
    voice.invitations_expire(now=expired.expires_at + dt.timedelta(seconds=1))

    def complaint(kind=ComplaintOrCompliment.Kind.COMPLAINT):
        return voice.complaint_record(
            kind=kind,
            received_on=dt.date(2026, 3, 2),
            team=world.team_a,
            category=ComplaintOrCompliment.Category.COMMUNICATION,
            received_from=ComplaintOrCompliment.From.PARENT_CARER,
            summary="About contact.",
            by=users.qa_officer,
        )

    for then in ("respond", "escalate", "close"):
        item = voice.complaint_respond(
            item=complaint(), sent_on=dt.date(2026, 3, 9), outcome="upheld"
        )
        if then == "escalate":
            voice.complaint_escalate(item=item, requested_on=dt.date(2026, 3, 16))
        elif then == "close":
            voice.complaint_close(item=item, learning="Call back within a day.")
    complaint(ComplaintOrCompliment.Kind.COMPLIMENT)


@pytest.mark.parametrize("model", sorted({m.__name__ for m in RECORD_OF.values()}))
def test_each_record_in_each_state_gives_no_error_and_stays_closed_to_those_turned_away(
    probe_world, model
):
    _every_state(probe_world)
    visitors = Visitors(probe_world)
    names = [name for name, record in RECORD_OF.items() if record.__name__ == model]
    record = RECORD_OF[names[0]]
    states = set()
    problems = []
    for instance in record._default_manager.order_by("pk"):
        state = getattr(instance, "status", instance.pk)
        if state in states:
            continue  # one record in each state is enough
        states.add(state)
        for name in names:
            route = ROUTES_BY_NAME[name]
            url = reverse(name, kwargs={"pk": instance.pk})
            turned_away = set(forbidden_roles(route))
            for role in (*ROLES, *STRANGERS):
                methods = ("get", "post") if route.method == "get" else ("post",)
                if route.expected_for(role) in (403, LOGIN):
                    methods = methods[:1]  # turned away by role, whatever the state
                with rolled_back():
                    for method in methods:
                        response = getattr(visitors[role], method)(url, {})
                        if response.status_code >= 500:
                            problems.append(f"{name} {instance.pk} {role} {method}: 500")
                        elif role in turned_away and not is_turned_away(response, role):
                            problems.append(
                                f"{name} ({getattr(instance, 'status', '')}) {role} {method}: "
                                f"{response.status_code}"
                            )
    assert not problems, "\n".join(problems)
    assert len(states) > 1 or model in ("PractitionerFeedback", "FollowUpReview")
