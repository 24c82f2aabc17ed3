"""The voice app's URLs in the role × URL matrix."""

from types import SimpleNamespace

from tests.matrix import Route, allow

MONITORING = ("team_manager", "peer_auditor", "senior_manager", "director", "qa_officer")
LINK_MAKERS = ("practitioner", "team_manager", "peer_auditor")
PUBLIC = {"default": 200, "anonymous": 200}
PARTICIPATION_READERS = ("participation_worker", "qa_officer", "director")


def extend(world):
    """A link, an alert, a register entry and a session for the objects the URLs name."""
    if hasattr(world, "voice"):
        return
    import datetime as dt

    from django.utils import timezone

    from feedback.audiences import age_on, audiences_for_age
    from feedback.models import ComplaintOrCompliment, ParticipationGroup, Survey, WorryingPhrase
    from feedback.services import (
        answer_save,
        complaint_record,
        invitation_create,
        participation_session_record,
        survey_defaults_install,
        you_said_we_did_record,
    )

    survey_defaults_install()
    # The child's own form for their age today (the world's child was born in 2015).
    audience = audiences_for_age(age_on(world.child, timezone.localdate()))[0]
    survey = Survey.objects.get(
        key=f"experience-during-{audience.replace('_', '-')}", status="published"
    )
    invitation, token = invitation_create(
        survey=survey, child=world.child, created_by=world.users.practitioner
    )
    second, _ = invitation_create(
        survey=survey, child=world.child, created_by=world.users.practitioner
    )
    safe = survey.questions.get(theme="safe")
    alert = answer_save(invitation=second, question=safe, choice="no").invitation.alerts.get()
    complaint = complaint_record(
        kind=ComplaintOrCompliment.Kind.COMPLAINT,
        received_on=dt.date(2026, 3, 2),
        team=world.team_a,
        category=ComplaintOrCompliment.Category.COMMUNICATION,
        received_from=ComplaintOrCompliment.From.PARENT_CARER,
        summary="Calls not returned.",
        by=world.users.qa_officer,
    )
    session = participation_session_record(
        group=ParticipationGroup.objects.first(),
        held_on=dt.date(2026, 3, 3),
        attended=6,
        themes_shown=["Plans written in plain words"],
        views="Plans should be shorter.",
        recommendations=["Write every plan in words a child can read."],
        manager=world.users.team_manager,
        by=world.users.participation_worker,
    )
    you_said = you_said_we_did_record(
        team=world.team_a,
        month=dt.date(2026, 3, 1),
        theme="contact",
        you_said="It is hard to reach my social worker.",
        we_did="Duty cover every afternoon.",
        is_public=True,
        by=world.users.qa_officer,
    )
    world.voice = SimpleNamespace(
        token=token,
        invitation=invitation,
        alert=alert,
        survey=survey,
        question=survey.questions.first(),
        phrase=WorryingPhrase.objects.first(),
        complaint=complaint,
        session=session,
        group=session.group,
        recommendation=session.recommendation_set.get(),
        you_said=you_said,
    )


def _voice(attribute):
    return lambda world: {"pk": getattr(world.voice, attribute).pk}


def _token(world):
    return {"token": world.voice.token}


QA = {"expect": allow("qa_officer")}
QA_POST = {"method": "post", "expect": allow("qa_officer", status=302)}

ROUTES = [
    # Children and families, no account needed.
    Route("feedback:survey_thanks", **PUBLIC),
    Route("feedback:survey_start", kwargs=_token, **PUBLIC),
    Route(
        "feedback:survey_question",
        kwargs=lambda world: {"token": world.voice.token, "number": 1},
        **PUBLIC,
    ),
    Route("feedback:survey_check", kwargs=_token, **PUBLIC),
    Route("feedback:you_said_we_did_public", **PUBLIC),
    # Monitoring.
    Route("feedback:monitoring", expect=allow(*MONITORING)),
    Route("feedback:monitoring_download", expect=allow(*MONITORING)),
    Route("feedback:comments", expect=allow(*MONITORING)),
    Route("feedback:you_said_we_did_list", expect=allow(*MONITORING)),
    Route(
        "feedback:you_said_we_did_create",
        expect=allow("team_manager", "peer_auditor", "senior_manager", "qa_officer"),
    ),
    # Team A's entry: its manager, the area's senior manager and QA; not team B's manager.
    Route(
        "feedback:you_said_we_did_edit",
        kwargs=_voice("you_said"),
        expect=allow("team_manager", "senior_manager", "qa_officer"),
    ),
    # Alerts: readers see the list; the alert is team A's, so team B's manager finds nothing.
    Route("feedback:alert_list", expect=allow(*MONITORING)),
    Route(
        "feedback:alert_list_download",
        data=lambda world: {"show": "all"},
        expect=allow(*MONITORING),
    ),
    Route(
        "feedback:alert_detail",
        kwargs=_voice("alert"),
        expect={
            **allow("team_manager", "senior_manager", "director", "qa_officer"),
            "peer_auditor": 404,
        },
    ),
    # Links: the child's social worker only.
    Route("feedback:invitation_list", expect=allow(*LINK_MAKERS)),
    Route("feedback:invitation_create", expect=allow(*LINK_MAKERS)),
    Route(
        "feedback:invitation_detail",
        kwargs=_voice("invitation"),
        expect={"practitioner": 200, "team_manager": 404, "peer_auditor": 404},
    ),
    Route(
        "feedback:invitation_make_link",
        method="post",
        kwargs=_voice("invitation"),
        expect={"practitioner": 302, "team_manager": 404, "peer_auditor": 404},
    ),
    Route(
        "feedback:invitation_cancel",
        method="post",
        kwargs=_voice("invitation"),
        expect={"practitioner": 302, "team_manager": 404, "peer_auditor": 404},
    ),
    # Surveys and worrying words: QA officers.
    Route("feedback:survey_list", **QA),
    Route("feedback:survey_create", **QA),
    Route("feedback:survey_detail", kwargs=_voice("survey"), **QA),
    Route("feedback:survey_edit", kwargs=_voice("survey"), **QA),
    Route("feedback:question_create", kwargs=_voice("survey"), **QA),
    Route("feedback:question_edit", kwargs=_voice("question"), **QA),
    Route("feedback:question_delete", kwargs=_voice("question"), **QA_POST),
    Route("feedback:survey_publish", kwargs=_voice("survey"), **QA_POST),
    Route("feedback:survey_retire", kwargs=_voice("survey"), **QA_POST),
    Route("feedback:survey_new_version", kwargs=_voice("survey"), **QA_POST),
    Route("feedback:phrase_list", **QA),
    Route("feedback:phrase_remove", kwargs=_voice("phrase"), **QA_POST),
    # Complaints and compliments: QA keep the register; managers read their teams'.
    Route("feedback:complaint_list", expect=allow(*MONITORING)),
    Route(
        "feedback:complaint_list_download",
        data=lambda world: {"format": "xlsx"},
        expect=allow(*MONITORING),
    ),
    Route("feedback:complaint_summary", expect=allow(*MONITORING)),
    Route(
        "feedback:complaint_detail",
        kwargs=_voice("complaint"),
        expect={
            **allow("team_manager", "senior_manager", "director", "qa_officer"),
            "peer_auditor": 404,
        },
    ),
    Route("feedback:complaint_create", **QA),
    Route("feedback:complaint_edit", kwargs=_voice("complaint"), **QA),
    Route("feedback:complaint_respond", kwargs=_voice("complaint"), **QA),
    Route("feedback:complaint_escalate", kwargs=_voice("complaint"), **QA),
    Route("feedback:complaint_close", kwargs=_voice("complaint"), **QA),
    Route("feedback:compliment_pass_on", kwargs=_voice("complaint"), **QA_POST),
    # Participation: workers set up groups and record; QA and directors read; the named
    # manager (the world's team manager) answers a recommendation.
    Route("feedback:participation_list", expect=allow(*PARTICIPATION_READERS)),
    Route("feedback:participation_group_create", expect=allow("participation_worker")),
    Route(
        "feedback:participation_group",
        kwargs=_voice("group"),
        expect=allow(*PARTICIPATION_READERS),
    ),
    Route(
        "feedback:participation_group_edit",
        kwargs=_voice("group"),
        expect=allow("participation_worker"),
    ),
    Route(
        "feedback:participation_detail",
        kwargs=_voice("session"),
        expect=allow(*PARTICIPATION_READERS),
    ),
    Route("feedback:participation_create", expect=allow("participation_worker")),
    Route(
        "feedback:participation_edit",
        kwargs=_voice("session"),
        expect=allow("participation_worker"),
    ),
    Route(
        "feedback:recommendation_create",
        kwargs=_voice("session"),
        expect=allow("participation_worker"),
    ),
    Route("feedback:recommendations_mine", default=200),
    Route(
        "feedback:recommendation_answer",
        kwargs=_voice("recommendation"),
        default=404,
        expect=allow("team_manager", *PARTICIPATION_READERS),
    ),
]
