"""The senior manager's moderation and the learning notes to the two auditors."""

import datetime as dt

import pytest
from django.core import mail

from audits.models import CaseAudit, Grade, Grading
from audits.selectors import domains_for
from moderation import services
from moderation.errors import ModerationError
from moderation.models import FinalGrade, LearningNote, Moderation
from qaf.models import Notification

from .conftest import TODAY, moderate

pytestmark = pytest.mark.django_db


def test_moderating_sets_the_agreed_grades_and_the_final_grade(moderation, world):
    theme = services.learning_theme_create(by=world.users.qa_officer, name="Plans without dates")
    moderated = moderate(moderation, themes=[theme])
    assert moderated.status == Moderation.Status.MODERATED
    assert moderated.agreed_overall_grade == Grade.REQUIRES_IMPROVEMENT
    assert (
        moderated.domain_grades.count() == len(moderation.case_audit.template.domains.all())
        or moderated.domain_grades.exists()
    )
    assert list(moderated.themes.all()) == [theme]
    audit = CaseAudit.objects.get(pk=moderation.case_audit_id)
    assert audit.status == CaseAudit.Status.MODERATED
    final = FinalGrade.objects.get(case_audit=audit)
    assert (final.overall_grade, final.route, final.decided_on) == (
        Grade.REQUIRES_IMPROVEMENT,
        FinalGrade.Route.MODERATED,
        TODAY,
    )
    assert final.follow_up_due == dt.date(2027, 2, 16)
    assert final.feedback_due == dt.date(2026, 11, 30)


def test_each_auditor_gets_a_learning_note_in_my_work_and_by_email(moderation, world):
    moderate(moderation)
    notes = {n.role: n for n in LearningNote.objects.all()}
    assert notes[Grading.Role.TEAM_MANAGER].recipient == world.users.team_manager
    assert notes[Grading.Role.PEER_AUDITOR].recipient == world.users.peer_auditor
    for user in (world.users.team_manager, world.users.peer_auditor):
        assert Notification.objects.filter(
            recipient=user, subject="A learning note from the moderation of case C0000001"
        ).exists()


def test_the_team_manager_is_asked_for_actions_and_feedback(moderation, world):
    moderate(moderation)
    message = Notification.objects.get(
        recipient=world.users.team_manager, subject__startswith="Set actions"
    )
    assert "30 November 2026" in message.body


def test_only_the_moderator_can_moderate(moderation, world):
    moderation.moderator = world.users.qa_officer
    with pytest.raises(ModerationError, match="Only the senior manager"):
        services.moderation_record(
            moderation=moderation,
            by=world.users.director,
            held_on=TODAY,
            meeting_notes="",
            domain_grades={},
            overall_grade=Grade.GOOD,
            rationale="x",
            note_to_team_manager="x",
            note_to_peer_auditor="x",
        )


def test_moderating_twice_is_refused(moderated):
    with pytest.raises(ModerationError, match="moderated already"):
        moderate(moderated)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": dt.date(2026, 11, 17)}, "today or in the past"),
        ({"overall_grade": ""}, "agreed overall grade"),
        ({"domain_grades": {}}, "Choose the agreed grade for"),
        ({"rationale": "  "}, "Write why these are the right grades"),
        ({"note_to_peer_auditor": ""}, "learning note to the peer auditor"),
    ],
)
def test_a_moderation_with_a_gap_is_refused_and_nothing_is_saved(moderation, change, message):
    fields = {
        "held_on": TODAY,
        "meeting_notes": "",
        "domain_grades": {d.pk: Grade.GOOD for d in domains_for(moderation.case_audit)},
        "overall_grade": Grade.GOOD,
        "rationale": "Because.",
        "note_to_team_manager": "Note.",
        "note_to_peer_auditor": "Note.",
        **change,
    }
    with pytest.raises(ModerationError, match=message):
        services.moderation_record(moderation=moderation, by=moderation.moderator, **fields)
    assert not LearningNote.objects.exists()
    assert not FinalGrade.objects.exists()


def test_a_learning_note_is_acknowledged_once_by_its_recipient(moderated, world):
    note = LearningNote.objects.get(recipient=world.users.team_manager)
    with pytest.raises(ModerationError, match="Only the person"):
        services.learning_note_acknowledge(note=note, by=world.users.peer_auditor)
    first = services.learning_note_acknowledge(note=note, by=world.users.team_manager)
    again = services.learning_note_acknowledge(note=note, by=world.users.team_manager)
    assert first.acknowledged_at == again.acknowledged_at is not None
    assert note.history.filter(history_change_reason="Acknowledged").count() == 1


def test_the_moderation_writes_history_for_every_record(moderated):
    assert moderated.history.filter(history_change_reason="Moderated").exists()
    assert moderated.domain_grades.first().history.exists()
    assert FinalGrade.history.filter(case_audit_id=moderated.case_audit_id).exists()


def test_a_qa_officer_gives_a_waiting_moderation_to_another_area_s_senior_manager(
    case_audit, world
):
    from qaf.roles import Role
    from tests.factories import ServiceAreaFactory, UserFactory

    from .conftest import grade_both

    world.area.senior_managers.clear()
    elsewhere = UserFactory(username="elsewhere", roles=[Role.SENIOR_MANAGER])
    ServiceAreaFactory(name="Children in care").senior_managers.add(elsewhere)
    grade_both(case_audit, manager=Grade.GOOD, peer=Grade.INADEQUATE)
    moderation = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert moderation.status == Moderation.Status.WAITING
    assigned = services.moderation_assign(
        moderation=moderation, moderator=elsewhere, by=world.users.qa_officer
    )
    assert assigned.status == Moderation.Status.TO_MODERATE
    assert assigned.moderator == elsewhere
    assert Notification.objects.filter(recipient=elsewhere).count() == 1


def test_no_email_of_the_moderation_names_the_child(
    moderation, world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(moderation)
    assert mail.outbox
    for email in mail.outbox:
        assert world.child.display_name not in f"{email.subject} {email.body}"
        assert "C0000001" in email.subject
