"""Every machine's table, walked: every action from every state, allowed or refused.

The expected answers are written out here, by hand, from DESIGN.md and the services: they are
not read from the machines, so a change to a table that nobody meant fails here. Each machine
also refuses a person its rules refuse, and then nothing changes: not the state, not the history.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audits.models import AuditTemplate, CaseAudit, SafeguardingConcern
from audits.services import audit_template_ensure_default, sample_month
from casework.models import ImportRun
from feedback.models import ComplaintOrCompliment, SafeguardingAlert, Survey
from feedback.services import complaint_record, invitation_create, survey_defaults_install
from moderation.models import Action, Escalation, FollowUpReview, Moderation, PractitionerFeedback
from qaf import workflow
from reports.models import AssuranceReport
from tests.partnership.scene import machine_record

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()

# machine -> action -> (the states it starts from, the state it leads to)
TABLES: dict[str, dict[str, tuple[set[str], str]]] = {
    "audits.CaseAudit": {
        "start": ({"sampled"}, "in_progress"),
        "grading_complete": ({"in_progress"}, "both_graded"),
        "agree": ({"both_graded"}, "agreed"),
        "send_to_moderation": ({"both_graded"}, "in_moderation"),
        "moderate": ({"in_moderation"}, "moderated"),
        "start_actions": ({"agreed", "moderated"}, "actions_and_feedback"),
        "follow_up": ({"actions_and_feedback"}, "follow_up"),
        "escalate": ({"follow_up"}, "escalated"),
        "close": ({"follow_up", "escalated"}, "closed"),
    },
    "audits.AuditTemplate": {
        "publish": ({"draft"}, "published"),
        "retire": ({"published"}, "retired"),
    },
    "audits.SafeguardingConcern": {
        "escalate": ({"open"}, "escalated"),
        "acknowledge": ({"open", "escalated"}, "acknowledged"),
    },
    "moderation.Moderation": {
        "assign": ({"waiting"}, "to_moderate"),
        "moderate": ({"to_moderate"}, "moderated"),
    },
    "moderation.Action": {
        "complete": ({"open"}, "done"),
        "reopen": ({"done"}, "open"),
        "cancel": ({"open"}, "cancelled"),
    },
    "moderation.PractitionerFeedback": {
        "acknowledge": ({"sent"}, "acknowledged"),
    },
    "moderation.FollowUpReview": {
        "complete": ({"due"}, "completed"),
    },
    "moderation.Escalation": {
        "resolve": ({"open"}, "resolved"),
    },
    "feedback.Invitation": {
        "make_link": ({"pending", "open", "started"}, "open"),
        "start": ({"open"}, "started"),
        "submit": ({"started"}, "submitted"),
        "expire": ({"pending", "open", "started"}, "expired"),
        "cancel": ({"pending", "open", "started"}, "cancelled"),
    },
    "feedback.Survey": {
        "publish": ({"draft"}, "published"),
        "retire": ({"published"}, "retired"),
    },
    "feedback.SafeguardingAlert": {
        "escalate": ({"open"}, "escalated"),
        "acknowledge": ({"open", "escalated"}, "acknowledged"),
    },
    "feedback.ComplaintOrCompliment": {
        "respond": ({"open"}, "responded"),
        "escalate": ({"responded"}, "open"),
        "close": ({"responded"}, "closed"),
        "pass_on": ({"open"}, "passed_on"),
    },
    "casework.ImportRun": {
        "apply": ({"previewed"}, "applied"),
        "discard": ({"previewed"}, "discarded"),
    },
    "reports.AssuranceReport": {
        "approve": ({"draft"}, "approved"),
        "publish": ({"approved"}, "published"),
        "withdraw": ({"published"}, "approved"),
    },
    "partnership.MultiAgencyAudit": {
        "open": ({"setting_up"}, "answering"),
        "all_in": ({"answering"}, "panel"),
        "finish": ({"panel"}, "finished"),
    },
    "partnership.AgencySection": {
        "submit": ({"draft"}, "submitted"),
        "withdraw": ({"draft", "submitted"}, "withdrawn"),
        "rejoin": ({"withdrawn"}, "draft"),
    },
    "partnership.PartnershipAction": {
        "complete": ({"open"}, "done"),
        "cancel": ({"open"}, "cancelled"),
    },
    "partnership.PartnershipFollowUp": {
        "complete": ({"due", "escalated"}, "completed"),
        "escalate": ({"due"}, "escalated"),
    },
}

# The states of each machine, written out too, so that a new state nobody placed fails here.
STATES: dict[str, list[str]] = {
    "audits.CaseAudit": [
        "sampled",
        "in_progress",
        "both_graded",
        "agreed",
        "in_moderation",
        "moderated",
        "actions_and_feedback",
        "follow_up",
        "escalated",
        "closed",
    ],
    "audits.AuditTemplate": ["draft", "published", "retired"],
    "audits.SafeguardingConcern": ["open", "escalated", "acknowledged"],
    "moderation.Moderation": ["waiting", "to_moderate", "moderated"],
    "moderation.Action": ["open", "done", "cancelled"],
    "moderation.PractitionerFeedback": ["sent", "acknowledged"],
    "moderation.FollowUpReview": ["due", "completed"],
    "moderation.Escalation": ["open", "resolved"],
    "feedback.Invitation": ["pending", "open", "started", "submitted", "expired", "cancelled"],
    "feedback.Survey": ["draft", "published", "retired"],
    "feedback.SafeguardingAlert": ["open", "escalated", "acknowledged"],
    "feedback.ComplaintOrCompliment": ["open", "responded", "closed", "passed_on"],
    "casework.ImportRun": ["previewed", "applied", "discarded", "refused", "failed"],
    "reports.AssuranceReport": ["draft", "approved", "published"],
    "partnership.MultiAgencyAudit": ["setting_up", "answering", "panel", "finished"],
    "partnership.AgencySection": ["draft", "submitted", "withdrawn"],
    "partnership.PartnershipAction": ["open", "done", "cancelled"],
    "partnership.PartnershipFollowUp": ["due", "escalated", "completed"],
}

# Who takes each action: a role of the shared world, or None where only the system moves it
# (the services take those on someone's behalf, after an action of their own).
ACTORS: dict[str, dict[str, str | None]] = {
    "audits.CaseAudit": {"start": "team_manager"},
    "audits.AuditTemplate": {"publish": "qa_officer"},
    "audits.SafeguardingConcern": {"acknowledge": "team_manager"},
    "moderation.Moderation": {"assign": "qa_officer", "moderate": "senior_manager"},
    "moderation.Action": {
        "complete": "practitioner",
        "reopen": "team_manager",
        "cancel": "team_manager",
    },
    "moderation.PractitionerFeedback": {"acknowledge": "practitioner"},
    "moderation.FollowUpReview": {"complete": "senior_manager"},
    "moderation.Escalation": {"resolve": "senior_manager"},
    "feedback.Invitation": {"make_link": "practitioner", "cancel": "practitioner"},
    "feedback.Survey": {"publish": "qa_officer", "retire": "qa_officer"},
    "feedback.SafeguardingAlert": {"acknowledge": "team_manager"},
    "feedback.ComplaintOrCompliment": {
        "respond": "qa_officer",
        "escalate": "qa_officer",
        "close": "qa_officer",
        "pass_on": "qa_officer",
    },
    "casework.ImportRun": {"apply": "qa_officer", "discard": "qa_officer"},
    "reports.AssuranceReport": {
        "approve": "qa_officer",
        "publish": "qa_officer",
        "withdraw": "qa_officer",
    },
    "partnership.MultiAgencyAudit": {"open": "business_manager", "finish": "business_manager"},
    "partnership.AgencySection": {
        "submit": "partner",
        "withdraw": "business_manager",
        "rejoin": "business_manager",
    },
    "partnership.PartnershipAction": {"complete": "partner", "cancel": "business_manager"},
    "partnership.PartnershipFollowUp": {
        "complete": "business_manager",
        "escalate": "business_manager",
    },
}

# For each machine, one action and a person of the world whose rules refuse it.
REFUSED: dict[str, tuple[str, str]] = {
    "audits.CaseAudit": ("start", "director"),
    "audits.AuditTemplate": ("publish", "senior_manager"),
    "audits.SafeguardingConcern": ("acknowledge", "practitioner"),
    "moderation.Moderation": ("moderate", "team_manager"),
    "moderation.Action": ("cancel", "practitioner"),
    "moderation.PractitionerFeedback": ("acknowledge", "team_manager"),
    "moderation.FollowUpReview": ("complete", "practitioner"),
    "moderation.Escalation": ("resolve", "practitioner"),
    "feedback.Invitation": ("cancel", "director"),
    "feedback.Survey": ("publish", "team_manager"),
    "feedback.SafeguardingAlert": ("acknowledge", "practitioner"),
    "feedback.ComplaintOrCompliment": ("respond", "team_manager"),
    "casework.ImportRun": ("apply", "director"),
    "reports.AssuranceReport": ("approve", "director"),
    "partnership.MultiAgencyAudit": ("open", "partner"),
    "partnership.AgencySection": ("submit", "business_manager"),
    "partnership.PartnershipAction": ("cancel", "partner"),
    "partnership.PartnershipFollowUp": ("complete", "partner"),
}


@pytest.fixture(autouse=True)
def _monday_16_november(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def scene(world):
    """The world's child sampled in October 2026, and the default surveys installed."""
    audit_template_ensure_default()
    survey_defaults_install()
    world.child.date_of_birth = TODAY - dt.timedelta(days=8 * 365 + 100)
    world.child.save(update_fields=["date_of_birth"])
    audit = CaseAudit.objects.get(round=sample_month(period=dt.date(2026, 10, 1)).round)
    return SimpleNamespace(world=world, audit=audit)


def _record(label: str, state: str, action: str, scene):
    """A record of ``label`` in ``state``, made directly so that every state can be tried."""
    users, audit = scene.world.users, scene.audit
    if label.startswith("partnership."):
        record = machine_record(label, scene.world)
    elif label == "audits.CaseAudit":
        record = audit
    elif label == "audits.AuditTemplate":
        # One version is in use at a time: the default one steps aside for the test's own.
        AuditTemplate.objects.filter(status="published").update(status="retired")
        record = AuditTemplate.objects.create(version=99, created_by=users.qa_officer)
    elif label == "audits.SafeguardingConcern":
        record = SafeguardingConcern.objects.create(
            case_audit=audit, raised_by=users.peer_auditor, concern="Bruising seen."
        )
    elif label == "moderation.Moderation":
        record = Moderation.objects.create(
            case_audit=audit,
            moderator=users.senior_manager,
            reasons="The overall grades differ.",
            routed_on=TODAY,
            due_date=TODAY,
        )
    elif label == "moderation.Action":
        record = Action.objects.create(
            case_audit=audit,
            description="Date the plan.",
            owner=users.practitioner,
            due_date=TODAY,
            created_by=users.team_manager,
        )
    elif label == "moderation.PractitionerFeedback":
        record = PractitionerFeedback.objects.create(
            case_audit=audit,
            social_worker=users.practitioner,
            written_by=users.team_manager,
            going_well="Visits on time.",
            to_improve="The child's words.",
            sent_at=NOW,
        )
    elif label == "moderation.FollowUpReview":
        record = FollowUpReview.objects.create(case_audit=audit, due_date=TODAY, complete_by=TODAY)
    elif label == "moderation.Escalation":
        record = Escalation.objects.create(
            key="test", kind=Escalation.Kind.ACTION_OVERDUE, case_audit=audit, reason="Late."
        )
    elif label == "feedback.Invitation":
        record, _token = invitation_create(
            survey=Survey.objects.get(key="experience-during-child", status="published"),
            child=scene.world.child,
            created_by=users.practitioner,
        )
    elif label == "feedback.Survey":
        record = Survey.objects.create(
            key="walk-test", title="Walk test", audience=Survey.Audience.PARENT_CARER
        )
    elif label == "feedback.SafeguardingAlert":
        record = SafeguardingAlert.objects.create(
            child=scene.world.child,
            team=scene.world.team_a,
            question_text="Do you feel safe?",
            answer_text="No",
            reason=SafeguardingAlert.Reason.values[0],
            raised_at=timezone.now(),
            escalate_after=timezone.now(),
        )
    elif label == "feedback.ComplaintOrCompliment":
        Item = ComplaintOrCompliment
        record = complaint_record(
            kind=Item.Kind.COMPLIMENT if action == "pass_on" else Item.Kind.COMPLAINT,
            received_on=TODAY,
            team=scene.world.team_a,
            category=Item.Category.COMMUNICATION,
            received_from=Item.From.PARENT_CARER,
            summary="About phone calls.",
            by=users.qa_officer,
        )
    elif label == "reports.AssuranceReport":
        # A yearly summary: the one kind of report that is also published.
        record = AssuranceReport.objects.create(
            kind=AssuranceReport.Kind.YEAR,
            period_start=dt.date(2025, 4, 1),
            period_end=dt.date(2026, 3, 31),
            figures={},
            figures_counted_at=NOW,
            narrative="A good year.",
        )
    else:
        record = ImportRun.objects.create(
            source=ImportRun.Source.CASE_CSV,
            origin=ImportRun.Origin.UPLOAD,
            status="previewed",
            file_name="cases.csv",
            sha256="0" * 64,
        )
    type(record).objects.filter(pk=record.pk).update(status=state)
    record.refresh_from_db()
    return record


def _history_count(record) -> int:
    history = getattr(type(record), "history", None)
    return history.filter(id=record.pk).count() if history is not None else 0


WALK = [
    pytest.param(label, state, action, id=f"{label}:{state}:{action}")
    for label, table in TABLES.items()
    for state in STATES[label]
    for action in table
]


@pytest.mark.parametrize(("label", "state", "action"), WALK)
def test_each_action_from_each_state(scene, label, state, action):
    sources, target = TABLES[label][action]
    record = _record(label, state, action, scene)
    role = ACTORS[label].get(action)
    by = getattr(scene.world.users, role) if role else None
    before = _history_count(record)
    if state in sources:
        workflow.perform(record, action, by=by, reason="Walked")
        record.refresh_from_db()
        assert record.status == target
        if hasattr(type(record), "history"):
            latest = type(record).history.filter(id=record.pk).first()
            assert (latest.history_change_reason, latest.history_user) == ("Walked", by)
    else:
        with pytest.raises(workflow.WrongState) as refused:
            workflow.perform(record, action, by=by, reason="Walked")
        assert isinstance(refused.value, workflow.machine_for(record).error)
        assert str(refused.value)
        record.refresh_from_db()
        assert record.status == state
        assert _history_count(record) == before


@pytest.mark.parametrize("label", sorted(TABLES))
def test_each_machine_has_the_states_and_actions_written_here(label):
    machine = next(m for m in workflow.machines() if m.label == label)
    assert machine.states == STATES[label]
    assert [a.name for a in machine.actions] == list(TABLES[label])


# Machines of later apps, walked the same way (every state × action, answers written out) in
# their own app's tests.
WALKED_ELSEWHERE = {
    "feedback.ParticipationRecommendation": "tests/feedback/test_participation.py",
    "staffvoice.StaffSurvey": "tests/staffvoice/test_workflow.py",
    "staffvoice.AnonymousComment": "tests/staffvoice/test_workflow.py",
    "staffvoice.CircleSuggestion": "tests/staffvoice/test_workflow.py",
}


def test_every_machine_is_walked_here_or_in_its_apps_tests():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert {m.label for m in workflow.machines()} == set(TABLES) | set(WALKED_ELSEWHERE)
    for label, path in WALKED_ELSEWHERE.items():
        assert label.split(".")[1] in (root / path).read_text(), f"{path} does not walk {label}"


@pytest.mark.parametrize("label", sorted(REFUSED))
def test_a_person_the_rules_refuse_is_refused_and_nothing_changes(scene, label):
    action, role = REFUSED[label]
    sources, _target = TABLES[label][action]
    state = sorted(sources)[0]
    record = _record(label, state, action, scene)
    person = getattr(scene.world.users, role)
    before = _history_count(record)
    assert action not in workflow.available_names(record, person)
    with pytest.raises(workflow.ActionRefused) as refused:
        workflow.perform(record, action, by=person, reason="Tried")
    assert isinstance(refused.value, workflow.machine_for(record).error)
    record.refresh_from_db()
    assert record.status == state
    assert _history_count(record) == before


@pytest.mark.parametrize("label", sorted(ACTORS))
def test_the_people_who_may_act_are_offered_the_action(scene, label):
    """Pages ask ``available_actions``: the person named above sees each of their actions."""
    for action, role in ACTORS[label].items():
        sources, _target = TABLES[label][action]
        record = _record(label, sorted(sources)[0], action, scene)
        person = getattr(scene.world.users, role)
        assert action in workflow.available_names(record, person), (label, action)
        if label == "audits.CaseAudit":
            continue  # the one audit of the scene: the next action starts from it again
        record.delete()
