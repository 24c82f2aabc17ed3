"""Anonymous answers: nothing in them, their neighbours or the logs says who gave them."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from gunicorn.config import Config

from qaf.access_log import RedactingLogger
from staffvoice.errors import StaffVoiceError
from staffvoice.log_privacy import StaffAnswerRequestDropper
from staffvoice.models import AnonymousComment, AnonymousResponse, Participation
from staffvoice.services import staff_survey_answer
from tests import factories

from .conftest import TODAY, free_text_id, scale_ids, staff_in

pytestmark = pytest.mark.django_db

IDENTIFYING = {"user", "user_id", "ip", "ip_address", "session", "session_key", "created_at"}


@pytest.mark.parametrize("model", [AnonymousResponse, AnonymousComment])
def test_the_anonymous_tables_hold_no_person_address_session_or_time(model):
    columns = {field.column for field in model._meta.concrete_fields}
    assert not columns & IDENTIFYING
    assert not any("user" in column or column[:2] == "ip" for column in columns)
    assert not any(
        isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        for field in model._meta.concrete_fields
    )
    assert isinstance(model._meta.pk, models.UUIDField)
    assert {f.related_model for f in model._meta.concrete_fields if f.is_relation}.isdisjoint(
        {apps.get_model("qaf", "User"), Participation}
    )


def test_the_anonymous_tables_keep_no_history():
    names = {model.__name__ for model in apps.get_models()}
    assert "HistoricalAnonymousResponse" not in names
    assert "HistoricalAnonymousComment" not in names
    assert "HistoricalParticipation" not in names


def test_participation_shares_nothing_with_answers_but_the_survey():
    participation = {f.column for f in Participation._meta.concrete_fields}
    for model in (AnonymousResponse, AnonymousComment):
        shared = participation & {f.column for f in model._meta.concrete_fields}
        # Both keys are random UUIDs made apart: the same column name, never the same value.
        assert shared == {"id", "survey_id"}
    # No time at all: a week with one answer must not point at the one person who took part.
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField)
        for f in Participation._meta.concrete_fields
    )
    assert "week" not in participation


def test_answers_from_a_week_cannot_be_lined_up_with_who_took_part(world, pulse):
    people = staff_in(world.team_a, 12, prefix="sw")
    for number, person in enumerate(people):
        staff_survey_answer(
            survey=pulse,
            user=person,
            scores={scale_ids(pulse)[0]: str(number % 5 + 1)},
            comments={},
            today=TODAY,
        )
    took_part = Participation.objects.filter(survey=pulse)
    answers = AnonymousResponse.objects.filter(survey=pulse)
    assert took_part.count() == answers.count() == 12
    # Every answer looks the same from outside: the week, the survey, and nothing that orders
    # them by when they came in (their keys are random).
    assert set(answers.values_list("week", flat=True)) == {"2026-W49"}
    keys = [str(pk) for pk in answers.values_list("pk", flat=True)]
    scores_in_key_order = [a.scores for a in answers.order_by("pk")]
    in_arrival_order = [{str(scale_ids(pulse)[0]): n % 5 + 1} for n in range(12)]
    assert len(set(keys)) == 12
    assert not set(keys) & {str(pk) for pk in took_part.values_list("pk", flat=True)}
    assert scores_in_key_order != in_arrival_order


def test_a_small_team_is_not_named_on_an_answer_and_a_large_one_is(world, pulse):
    small = staff_in(world.team_b, 3, prefix="small")
    large = staff_in(world.team_a, 10, prefix="large")
    for person in (small[0], large[0]):
        staff_survey_answer(
            survey=pulse, user=person, scores={scale_ids(pulse)[0]: "4"}, comments={}, today=TODAY
        )
    teams = set(AnonymousResponse.objects.values_list("team_id", flat=True))
    assert teams == {None, world.team_a.pk}
    areas = set(AnonymousResponse.objects.values_list("service_area_id", flat=True))
    assert areas == {world.area.pk}


def test_a_person_answers_once_and_a_second_try_saves_nothing(world, pulse):
    kwargs = {"survey": pulse, "user": world.users.practitioner, "comments": {}, "today": TODAY}
    staff_survey_answer(scores={scale_ids(pulse)[0]: "3"}, **kwargs)
    with pytest.raises(StaffVoiceError, match="already answered"):
        staff_survey_answer(scores={scale_ids(pulse)[0]: "5"}, **kwargs)
    assert AnonymousResponse.objects.count() == 1
    assert Participation.objects.count() == 1


def test_a_score_out_of_range_is_refused_and_nothing_is_saved(world, pulse):
    with pytest.raises(StaffVoiceError, match="from 1 to 5"):
        staff_survey_answer(
            survey=pulse,
            user=world.users.practitioner,
            scores={scale_ids(pulse)[0]: "9"},
            comments={free_text_id(pulse): "Hello"},
            today=TODAY,
        )
    assert not AnonymousResponse.objects.exists()
    assert not AnonymousComment.objects.exists()
    assert not Participation.objects.exists()


def test_the_form_says_in_plain_words_what_is_and_is_not_kept(client, world, pulse):
    client.force_login(world.users.practitioner)
    page = client.get(reverse("staffvoice:survey_answer", args=[pulse.pk])).content.decode()
    assert "What we keep, and what we do not" in page
    assert "the week you answered in" in page
    assert "We do not keep your name, username, email address" in page
    assert "cannot be matched to your answers" in page


def test_sending_answers_writes_nothing_identifying_to_any_log(client, world, pulse, caplog):
    person = factories.UserFactory(
        pk=48213, username="quinn.answers", email="quinn.answers@northmoor.example"
    )
    factories.TeamMembershipFactory(user=person, team=world.team_a)
    client.force_login(person)
    caplog.set_level(logging.DEBUG)
    url = reverse("staffvoice:survey_answer", args=[pulse.pk])
    response = client.post(
        url,
        {f"q{scale_ids(pulse)[0]}": "2", f"q{free_text_id(pulse)}": "Too many cases."},
        REMOTE_ADDR="198.51.100.23",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staffvoice:survey_thanks")
    assert str(person.pk) not in url
    logged = caplog.text + "".join(repr(vars(record)) for record in caplog.records)
    for value in ("48213", "quinn.answers", "northmoor.example", "198.51.100.23"):
        assert value not in logged
    assert AnonymousComment.objects.get().text == "Too many cases."
    assert Participation.objects.filter(user=person, survey=pulse).exists()


def test_an_error_report_about_an_answer_leaves_the_request_out():
    request = SimpleNamespace(path="/staff-voice/surveys/3/answer/", user="someone")
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "Error", (), None)
    record.request = request
    StaffAnswerRequestDropper().filter(record)
    assert record.request is None
    other = logging.LogRecord("django.request", logging.ERROR, "", 0, "Error", (), None)
    other.request = SimpleNamespace(path="/staff-voice/circles/")
    StaffAnswerRequestDropper().filter(other)
    assert other.request is not None


def test_the_access_log_leaves_out_answers_and_keeps_other_pages(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("logger_class", "qaf.access_log.RedactingLogger")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s')
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    for path in (
        "/staff-voice/surveys/4/answer/",
        "/staff-voice%2Fsurveys%2F4%2Fanswer/",
        "/staff-voice/",
    ):
        environ = {
            "REQUEST_METHOD": "POST",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.7",
        }
        response = SimpleNamespace(status="302 Found", sent=0, headers=[])
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers:
            handler.close()
    text = (tmp_path / "access.log").read_text()
    assert "answer" not in text
    assert '"POST /staff-voice/ HTTP/1.1"' in text


def test_reminders_go_once_a_week_to_those_who_have_not_taken_part(world, pulse):
    from django.core.management import call_command

    from qaf.models import Notification

    staff_survey_answer(
        survey=pulse,
        user=world.users.practitioner,
        scores={scale_ids(pulse)[0]: "4"},
        comments={},
        today=TODAY,
    )
    call_command("send_staff_survey_reminders", "--date", "2026-11-30")
    call_command("send_staff_survey_reminders", "--date", "2026-12-02")
    reminded = Notification.objects.filter(subject="Have your say: Pulse check")
    assert set(reminded.values_list("recipient__username", flat=True)) == {
        "team_manager",
        "peer_auditor",
    }
    assert reminded.count() == 2
