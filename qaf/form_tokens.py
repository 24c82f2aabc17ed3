"""One object per create form, however many times it is sent.

A create form mixes in ``OneSubmissionFormMixin``: it carries a hidden one-time token, issued
with the form. The view wraps its service call in ``form_submission_once``; the first POST with a
token claims it in the same transaction as the object it makes, and records where it went. A
second POST with the same token (a double click, a browser resending) makes nothing: it raises
``FormAlreadySent`` with the first one's page, and the view redirects there. A POST whose
service refuses it claims nothing, so the corrected form can be sent again with the same token.
"""

import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from .models import FormSubmission


class FormAlreadySent(Exception):
    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class OneSubmissionFormMixin:
    """Adds the hidden one-time token; it is kept out of ``cleaned_data`` (so the form's data
    can still be passed straight to a service) and read from ``form.form_token``."""

    form_token_field = "form_token"  # noqa: S105  (a field name, not a secret)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.form_token_field] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            max_length=64,
            initial=secrets.token_urlsafe(32),
        )
        self.form_token = ""

    @property
    def helper(self):
        try:
            return self._helper
        except AttributeError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, value) -> None:
        # A crispy layout names its fields; the hidden token is rendered as well.
        value.render_hidden_fields = True
        self._helper = value

    def full_clean(self) -> None:
        super().full_clean()
        if hasattr(self, "cleaned_data"):
            self.form_token = self.cleaned_data.pop(self.form_token_field, "") or ""


class form_submission_once:  # noqa: N801  (used as a context manager, like transaction.atomic)
    """``with form_submission_once(request, form) as once:`` make the object, then
    ``once.went_to(url)``. Raises ``FormAlreadySent`` on entry when the token was used."""

    def __init__(self, request, form):
        self.user = request.user
        self.token = getattr(form, "form_token", "")
        self.form_name = type(form).__name__
        self.url = ""
        self._atomic = transaction.atomic()
        self._submission = None

    def _sent_before(self) -> None:
        previous = FormSubmission.objects.filter(user=self.user, token=self.token).first()
        if previous is not None:
            raise FormAlreadySent(previous.url)

    def __enter__(self):
        if not self.token:
            return self  # no token (e.g. a script posting directly): nothing to guard
        self._sent_before()
        self._atomic.__enter__()
        try:
            with transaction.atomic():
                self._submission = FormSubmission.objects.create(
                    user=self.user, token=self.token, form_name=self.form_name
                )
        except IntegrityError:
            # The same form, sent at the same moment, claimed it first.
            self._atomic.__exit__(None, None, None)
            self._sent_before()
            raise
        return self

    def went_to(self, url: str) -> None:
        self.url = url
        if self._submission is not None:
            self._submission.url = url
            self._submission.save(update_fields=["url"])

    def __exit__(self, exc_type, exc, tb):
        if self.token:
            return self._atomic.__exit__(exc_type, exc, tb)
        return False


def already_sent(request, sent: FormAlreadySent):
    """The answer to a form sent twice: to the first one's page, saying so."""
    messages.info(request, "You sent this form twice. It was saved once: here it is.")
    return redirect(sent.url or "home")
