from tests.matrix import SIGNED_IN, Route, allow

MANAGERS = ("team_manager", "peer_auditor", "senior_manager", "director")


def extend(world):
    """An open survey with a comment to check, and a circle the practitioner facilitates."""
    if hasattr(world, "staff_survey"):
        return
    from staffvoice.models import (
        AnonymousComment,
        CircleMeeting,
        CircleSuggestion,
        QualityCircle,
        StaffQuestion,
        StaffSurvey,
    )

    survey = StaffSurvey.objects.create(title="Pulse", status=StaffSurvey.Status.OPEN)
    StaffQuestion.objects.create(survey=survey, position=1, text="I feel valued.")
    free = StaffQuestion.objects.create(
        survey=survey, position=2, text="Anything else?", kind=StaffQuestion.Kind.FREE_TEXT
    )
    world.staff_survey = survey
    world.staff_comment = AnonymousComment.objects.create(
        survey=survey, question=free, week="2026-W49", text="More time for visits."
    )
    circle = QualityCircle.objects.create(name="Social workers", level="social_worker")
    circle.members.add(world.users.practitioner)
    circle.facilitator = world.users.practitioner
    circle.save()
    world.circle = circle
    meeting = CircleMeeting.objects.create(circle=circle, met_on="2026-11-02", themes="Workload")
    world.suggestion = CircleSuggestion.objects.create(meeting=meeting, text="Protect supervision.")


def survey(world):
    return {"pk": world.staff_survey.pk}


ROUTES = [
    Route("staffvoice:home", expect=allow(*SIGNED_IN)),
    Route(
        "staffvoice:survey_answer",
        kwargs=survey,
        expect=allow(*SIGNED_IN),
        strangers_may="every member of staff answers an open staff survey",
    ),
    Route("staffvoice:survey_thanks", expect=allow(*SIGNED_IN)),
    Route("staffvoice:survey_list", expect=allow("qa_officer")),
    Route("staffvoice:survey_create", expect=allow("qa_officer")),
    Route("staffvoice:survey_detail", kwargs=survey, expect=allow("qa_officer")),
    Route(
        "staffvoice:survey_move",
        method="post",
        kwargs=lambda world: {"pk": world.staff_survey.pk, "action": "close"},
        expect=allow("qa_officer", status=302),
    ),
    Route(
        "staffvoice:survey_results",
        kwargs=survey,
        expect=allow("qa_officer", "senior_manager", "director"),
        strangers_may="results are for the whole service, with small groups hidden",
    ),
    Route("staffvoice:comment_list", expect=allow("qa_officer")),
    Route(
        "staffvoice:comment_check",
        method="post",
        kwargs=lambda world: {"pk": world.staff_comment.pk},
        data=lambda world: {"action": "approve"},
        expect=allow("qa_officer", status=302),
    ),
    Route("staffvoice:circle_list", expect=allow(*SIGNED_IN)),
    Route("staffvoice:circle_create", expect=allow("qa_officer")),
    # Managers see every circle (they answer it); members see their own; nobody else sees it.
    Route(
        "staffvoice:circle_detail",
        kwargs=lambda world: {"pk": world.circle.pk},
        default=404,
        expect=allow("practitioner", "qa_officer", *MANAGERS),
        strangers_may="every manager sees every circle's suggestions, to answer them",
    ),
    Route(
        "staffvoice:circle_member_add",
        kwargs=lambda world: {"pk": world.circle.pk},
        expect=allow("qa_officer"),
    ),
    # Only the facilitator records; others who can see the circle are refused.
    Route(
        "staffvoice:circle_meeting_create",
        kwargs=lambda world: {"pk": world.circle.pk},
        default=404,
        expect={"practitioner": 200, "qa_officer": 403, **allow(*MANAGERS, status=403)},
    ),
    Route(
        "staffvoice:suggestion_answer",
        kwargs=lambda world: {"pk": world.suggestion.pk},
        expect=allow(*MANAGERS),
        strangers_may="any manager may answer a circle's suggestion",
    ),
    Route("staffvoice:recognition", expect=allow(*SIGNED_IN)),
    Route("staffvoice:recognition_create", expect=allow("qa_officer", *MANAGERS)),
    # A team's own people, its area's senior managers, the director and QA officers.
    Route(
        "staffvoice:team_recognition",
        kwargs=lambda world: {"pk": world.team_a.pk},
        default=404,
        expect=allow("practitioner", "team_manager", "senior_manager", "director", "qa_officer"),
        strangers_may="everyone in team A sees its thanks, whichever children they work with",
    ),
    Route("staffvoice:monitoring", expect=allow("qa_officer", *MANAGERS)),
]
