"""A service's refusal is shown the same way on every page: on the form, or as a message."""

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from audits.errors import AuditError, GradingIncomplete
from casework.imports.records import ImportRefused
from casework.services import CaseworkError
from feedback.errors import FeedbackError
from moderation.errors import ModerationError
from qaf.errors import ServiceError
from qaf.forms import service_errors_as_message, service_errors_on

ROOT = Path(__file__).resolve().parents[2]


class NoteForm(forms.Form):
    note = forms.CharField()


def test_a_refusal_becomes_an_error_on_the_whole_form_and_the_outcome_is_not_ok():
    form = NoteForm({"note": "hello"})
    assert form.is_valid()
    with service_errors_on(form) as outcome:
        raise AuditError("This audit is already graded.")
    assert not outcome.ok
    assert form.non_field_errors() == ["This audit is already graded."]


def test_a_refusal_can_be_shown_against_the_field_it_is_about():
    form = NoteForm({"note": "hello"})
    form.is_valid()
    with service_errors_on(form, field="note") as outcome:
        raise ModerationError("A theme of that name exists.")
    assert not outcome.ok
    assert form.errors["note"] == ["A theme of that name exists."]


def test_a_service_that_runs_leaves_the_form_without_errors():
    form = NoteForm({"note": "hello"})
    form.is_valid()
    with service_errors_on(form) as outcome:
        saved = "saved"
    assert outcome.ok and saved == "saved"
    assert not form.errors


def test_anything_but_a_refusal_is_not_swallowed():
    form = NoteForm({"note": "hello"})
    form.is_valid()
    with pytest.raises(KeyError), service_errors_on(form):
        raise KeyError("a bug, not a business rule")
    assert not form.errors


def test_a_refusal_of_a_button_becomes_an_error_message_on_the_next_page():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with service_errors_as_message(request) as outcome:
        raise FeedbackError("This survey is closed.")
    assert not outcome.ok
    assert [str(m) for m in request._messages] == ["This survey is closed."]


@pytest.mark.parametrize(
    "error",
    [AuditError, GradingIncomplete, ModerationError, FeedbackError, CaseworkError, ImportRefused],
)
def test_every_apps_refusal_is_a_service_error(error):
    assert issubclass(error, ServiceError)


def test_no_view_catches_a_refusal_by_hand_to_show_it_on_a_form():
    by_hand = re.compile(r"except \w+ as (\w+):\n\s+\w+\.add_error\([^,]+, str\(\1\)\)")
    views = [
        path
        for app in ("qaf", "casework", "audits", "moderation", "feedback", "kpis")
        for path in (ROOT / app).rglob("views*.py")
    ] + [
        path
        for app in ("casework", "audits", "moderation", "feedback", "kpis")
        for path in (ROOT / app / "views").rglob("*.py")
    ]
    offenders = [str(p.relative_to(ROOT)) for p in views if by_hand.search(p.read_text())]
    assert offenders == [], "use qaf.forms.service_errors_on"
