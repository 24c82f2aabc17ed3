"""Once both gradings are in: agreed, or routed to a senior manager who graded neither."""

import pytest
from django.core import mail

from audits.models import CaseAudit, Grade
from moderation import services
from moderation.errors import ModerationError
from moderation.models import FinalGrade, Moderation
from qaf.models import Notification
from qaf.roles import Role
from tests.factories import UserFactory

from .conftest import TODAY, grade_both

pytestmark = pytest.mark.django_db

G, RI, INA, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE, Grade.OUTSTANDING


def test_the_same_grades_make_the_audit_agreed_with_a_final_grade(case_audit):
    grade_both(case_audit, manager=G, peer=G)
    final = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.AGREED
    assert isinstance(final, FinalGrade)
    assert final.overall_grade == G
    assert final.route == FinalGrade.Route.AGREED
    assert final.decided_on == TODAY
    assert not Moderation.objects.exists()


def test_different_overall_grades_go_to_the_senior_manager_of_the_area(case_audit, world):
    grade_both(case_audit, manager=G, peer=RI)
    moderation = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.IN_MODERATION
    assert moderation.moderator == world.users.senior_manager
    assert moderation.status == Moderation.Status.TO_MODERATE
    assert "overall grades differ" in moderation.reasons
    message = Notification.objects.get(recipient=world.users.senior_manager)
    assert message.subject == "Moderate the audit of case C0000001 by 30 November 2026"


# (manager's domain grade, peer's domain grade, step threshold) -> goes to moderation?
DOMAIN_CASES = [
    (G, G, 2, False),
    (G, RI, 2, False),  # one step apart: below the threshold
    (G, INA, 2, True),  # two steps: at the threshold
    (OUT, INA, 2, True),  # three steps
    (G, RI, 1, True),  # a threshold of one routes any difference
    (G, INA, 3, False),  # two steps under a threshold of three
    (OUT, INA, 3, True),
    (OUT, INA, 0, False),  # 0 turns the domain rule off
]


@pytest.mark.parametrize(("manager", "peer", "threshold", "routed"), DOMAIN_CASES)
def test_a_domain_routes_to_moderation_at_the_step_threshold(
    case_audit, settings, manager, peer, threshold, routed
):
    settings.QAF_MODERATION_DOMAIN_STEP_THRESHOLD = threshold
    grade_both(case_audit, manager=G, peer=G, manager_domains={0: manager}, peer_domains={0: peer})
    result = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert isinstance(result, Moderation) is routed
    case_audit.refresh_from_db()
    assert case_audit.status == (
        CaseAudit.Status.IN_MODERATION if routed else CaseAudit.Status.AGREED
    )


@pytest.mark.parametrize(("overall_routes", "routed"), [(True, True), (False, False)])
def test_the_overall_grade_rule_is_a_setting(case_audit, settings, overall_routes, routed):
    settings.QAF_MODERATION_OVERALL_DIFFERENCE_ROUTES = overall_routes
    grade_both(case_audit, manager=G, peer=RI)
    result = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert isinstance(result, Moderation) is routed


def test_routing_twice_changes_nothing(case_audit):
    grade_both(case_audit, manager=G, peer=RI)
    first = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    second = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert first == second
    assert Moderation.objects.count() == 1


def test_the_least_loaded_senior_manager_who_graded_neither_is_chosen(case_audit, world):
    busy = world.users.senior_manager
    free = UserFactory(username="free-senior", roles=[Role.SENIOR_MANAGER])
    world.area.senior_managers.add(free)
    other = world.team_a.service_area  # the same area: a second audit keeps `busy` busy
    assert other == world.area
    Moderation.objects.create(
        case_audit=_another_audit(world, case_audit),
        moderator=busy,
        status=Moderation.Status.TO_MODERATE,
        reasons="-",
        routed_on=TODAY,
        due_date=TODAY,
    )
    grade_both(case_audit, manager=G, peer=RI)
    moderation = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert moderation.moderator == free


def test_a_senior_manager_who_graded_the_case_is_never_its_moderator(case_audit, world):
    # The only senior manager of the area is also the case's peer auditor.
    peer = case_audit.peer_auditor
    peer.groups.add(*world.users.senior_manager.groups.all())
    world.area.senior_managers.set([peer])
    grade_both(case_audit, manager=G, peer=RI)
    moderation = services.case_audit_route(case_audit_id=case_audit.pk, today=TODAY)
    assert moderation.moderator is None
    assert moderation.status == Moderation.Status.WAITING
    assert "graded the case" in moderation.routing_note
    qa_message = Notification.objects.get(recipient=world.users.qa_officer)
    assert qa_message.subject == "The audit of case C0000001 needs a moderator"


def test_a_qa_officer_cannot_give_the_moderation_to_an_auditor(moderation, world):
    with pytest.raises(ModerationError, match="graded this case"):
        services.moderation_assign(
            moderation=moderation,
            moderator=moderation.case_audit.team_manager,
            by=world.users.qa_officer,
        )


def test_the_senior_manager_cannot_moderate_an_audit_they_graded(moderation, world):
    from .conftest import moderate

    audit = moderation.case_audit
    # Force the impossible: the moderator is the case's own team manager.
    Moderation.objects.filter(pk=moderation.pk).update(moderator=audit.team_manager)
    moderation.refresh_from_db()
    with pytest.raises(ModerationError, match="You graded this case, so you cannot moderate it"):
        moderate(moderation)
    assert not moderation.domain_grades.exists()


def test_the_second_submission_routes_the_audit_through_the_signal(
    case_audit, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grade_both(case_audit, manager=G, peer=RI)
    case_audit.refresh_from_db()
    assert case_audit.status == CaseAudit.Status.IN_MODERATION
    assert Moderation.objects.get().moderator == world.users.senior_manager


def test_the_moderator_message_names_no_child(
    case_audit, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grade_both(case_audit, manager=G, peer=RI)
    for email in mail.outbox:
        assert world.child.display_name not in email.subject + email.body


def _another_audit(world, case_audit):
    from tests.factories import ChildFactory

    return CaseAudit.objects.create(
        round=case_audit.round,
        child=ChildFactory(),
        case_kind=case_audit.case_kind,
        team=world.team_a,
        due_date=case_audit.due_date,
        status=CaseAudit.Status.IN_MODERATION,
    )
