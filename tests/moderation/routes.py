"""The loop's URLs in the role × URL matrix.

``extend`` takes three more of team A's cases round the loop with the services: one waiting for
the senior manager's moderation, one moderated (learning notes, an action owned by the
practitioner, feedback still to give), and one agreed, with feedback given, three months on and
in its follow-up review, with an escalation. A role with no part in a page gets 403; a role that
has a part but may not open *this* record gets 404, so that its existence is not given away.
"""

from tests.matrix import Route, allow

AUDIT_ROLES = ("team_manager", "peer_auditor", "senior_manager", "director", "qa_officer")
SENIOR_ROLES = ("senior_manager", "director", "qa_officer")
ACTION_ROLES = ("practitioner", "team_manager", "senior_manager", "director", "qa_officer")
LEARNING_ROLES = (*AUDIT_ROLES, "participation_worker")


def extend(world):
    if hasattr(world, "moderation"):
        return
    from django.utils import timezone

    from audits.models import CaseAudit, Grade
    from casework.models import Episode
    from moderation import services
    from moderation.models import FinalGrade
    from tests.audits.routes import extend as audits_extend
    from tests.factories import AllocationFactory, ChildFactory, EpisodeFactory
    from tests.moderation.conftest import graded_quickly, moderate

    audits_extend(world)
    users = world.users
    today = timezone.localdate()

    def audit_of_a_new_case() -> CaseAudit:
        child = ChildFactory(child_id=f"C900000{CaseAudit.objects.count()}")
        EpisodeFactory(child=child, team=world.team_a, kind=Episode.Kind.CIN)
        AllocationFactory(child=child, worker=users.practitioner, team=world.team_a)
        return CaseAudit.objects.create(
            round=world.audit_round,
            child=child,
            case_kind=Episode.Kind.CIN,
            team=world.team_a,
            social_worker=users.practitioner,
            team_manager=users.team_manager,
            peer_auditor=users.peer_auditor,
            due_date=world.audit_round.due_date,
        )

    world.theme = services.learning_theme_create(by=users.qa_officer, name="The child's voice")
    services.learning_activity_record(
        by=users.qa_officer,
        theme=world.theme,
        kind="workshop",
        title="Writing down the child's words",
        held_on=today,
        attendance=12,
    )

    to_moderate = graded_quickly(audit_of_a_new_case(), manager=Grade.GOOD, peer=Grade.INADEQUATE)
    world.moderation = services.case_audit_route(case_audit_id=to_moderate.pk)

    moderated = graded_quickly(audit_of_a_new_case(), manager=Grade.GOOD, peer=Grade.INADEQUATE)
    moderation = moderate(services.case_audit_route(case_audit_id=moderated.pk))
    world.moderated_audit = moderated
    world.note = moderation.learning_notes.get(recipient=users.team_manager)
    final = FinalGrade.objects.get(case_audit=moderated)
    world.action = services.action_add(
        case_audit=moderated,
        by=users.team_manager,
        description="Date every action in the plan.",
        owner=users.practitioner,
        due_date=final.follow_up_due,
    )

    agreed = graded_quickly(audit_of_a_new_case())
    final = services.case_audit_route(case_audit_id=agreed.pk)
    world.feedback = services.practitioner_feedback_send(
        case_audit=agreed,
        by=users.team_manager,
        going_well="You know the child well.",
        to_improve="Record their words.",
    )
    world.follow_up, _ = services.follow_up_review_create(
        final_grade=final, today=final.follow_up_due
    )
    world.escalation, _ = services.escalation_raise(
        key="matrix",
        kind="follow_up_overdue",
        case_audit=agreed,
        reason="The follow-up review is late.",
    )


def _pk(name):
    return lambda world: {"pk": getattr(world, name).pk}


ROUTES = [
    Route("moderation:list", expect=allow(*SENIOR_ROLES)),
    Route("moderation:list_download", expect=allow(*SENIOR_ROLES)),
    Route("moderation:detail", kwargs=_pk("moderation"), expect=allow(*SENIOR_ROLES)),
    Route("moderation:record", kwargs=_pk("moderation"), expect=allow("senior_manager")),
    Route("moderation:assign", kwargs=_pk("moderation"), expect=allow("qa_officer")),
    Route("moderation:notes", expect=allow("team_manager", "peer_auditor")),
    # The world's peer auditor also manages team B.
    Route("moderation:to_give", expect=allow("team_manager", "peer_auditor")),
    Route(
        "moderation:note",
        kwargs=_pk("note"),
        expect={**allow("team_manager"), "peer_auditor": 404},
    ),
    Route("moderation:case", kwargs=_pk("moderated_audit"), expect=allow(*AUDIT_ROLES)),
    Route("moderation:history", kwargs=_pk("moderated_audit"), expect=allow(*AUDIT_ROLES)),
    Route(
        "moderation:grading_themes",
        kwargs=_pk("moderated_audit"),
        expect=allow("team_manager", "peer_auditor"),
    ),
    Route(
        "moderation:action_add",
        kwargs=_pk("moderated_audit"),
        expect=allow("team_manager", "senior_manager"),
    ),
    Route(
        "moderation:feedback_give",
        kwargs=_pk("moderated_audit"),
        expect=allow("team_manager", "senior_manager"),
    ),
    # The case has a social worker, so going on without feedback is refused with a message.
    Route(
        "moderation:feedback_skip",
        method="post",
        kwargs=_pk("moderated_audit"),
        expect=allow("team_manager", "senior_manager", status=302),
    ),
    # The world's peer auditor is also a team manager.
    Route("moderation:actions", expect=allow(*ACTION_ROLES, "peer_auditor")),
    Route(
        "moderation:actions_download",
        data=lambda world: {"status": "", "format": "xlsx"},
        expect=allow(*ACTION_ROLES, "peer_auditor"),
    ),
    Route(
        "moderation:action",
        kwargs=_pk("action"),
        expect={**allow(*ACTION_ROLES), "peer_auditor": 404},
    ),
    Route("moderation:feedback_list", expect=allow(*ACTION_ROLES, "peer_auditor")),
    Route(
        "moderation:feedback",
        kwargs=_pk("feedback"),
        expect={**allow(*ACTION_ROLES), "peer_auditor": 404},
    ),
    Route("moderation:follow_ups", expect=allow(*SENIOR_ROLES)),
    Route("moderation:follow_ups_download", expect=allow(*SENIOR_ROLES)),
    Route("moderation:follow_up", kwargs=_pk("follow_up"), expect=allow(*SENIOR_ROLES)),
    Route("moderation:escalations", expect=allow(*SENIOR_ROLES)),
    Route("moderation:escalation", kwargs=_pk("escalation"), expect=allow(*SENIOR_ROLES)),
    Route("moderation:learning", expect=allow(*LEARNING_ROLES)),
    Route("moderation:themes", expect=allow("qa_officer")),
    Route("moderation:theme_add", expect=allow("qa_officer")),
    Route("moderation:theme_edit", kwargs=_pk("theme"), expect=allow("qa_officer")),
    Route("moderation:activities", expect=allow(*LEARNING_ROLES)),
    Route(
        "moderation:activity_add",
        expect=allow("team_manager", "peer_auditor", "senior_manager", "qa_officer"),
    ),
]
