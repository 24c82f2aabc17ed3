"""The account forms, rendered with GOV.UK Frontend markup, and what every view does with a form
whose service refuses."""

import datetime as dt
from contextlib import contextmanager

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from .errors import ServiceError

# Dates the service records (meetings, due dates, complaints, snapshots) fall in these years; a
# year outside them is a typing slip, and date arithmetic near year 9999 would overflow.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


class GovukFormMixin:
    """Adds a crispy FormHelper with GOV.UK label sizes; the template renders the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL


class GovukDateField(DateInputField):
    """The GOV.UK date input, with an impossible date as a form error rather than a crash.

    The library's field turns ``31 2 2026`` into Python's own message and lets a 40-digit day,
    month or year raise ``OverflowError``; here each gets a message a person can act on.
    """

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4 or not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}, for example 2026",
                code="year_out_of_range",
            )
        if len(day) > 2 or len(month) > 2:
            raise ValidationError("Enter a real date, for example 27 3 2026", code="invalid_date")
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise ValidationError(
                "Enter a real date, for example 27 3 2026", code="invalid_date"
            ) from error


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records whose ids are checked to fit a database integer first.

    Django looks the chosen ids up with ``pk__in``; an id longer than 19 digits then overflows
    in the database driver instead of being refused as a choice that does not exist.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django refuses it as it is.
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class GovukAuthenticationForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask a QA officer to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Focus starts at the top of the page, where the skip link is, as GOV.UK advises.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        # Django sets the length on the field but does not check it; a longer name would reach
        # the lockout table's column and fail there on PostgreSQL.
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                f"Enter a username of {username.max_length} characters or fewer",
            )
        )


class GovukPasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class GovukPasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class GovukSetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class ServiceOutcome:
    """What ``service_errors_on`` saw: ``ok`` until the service refused, then its ``error``."""

    def __init__(self):
        self.error: ServiceError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@contextmanager
def service_errors_on(form, *, field: str | None = None):
    """Run a service inside this block: if it refuses, its message becomes an error on ``form``
    (on ``field``, or on the whole form) and the block's outcome is not ``ok``, so the view shows
    the form again with what the person must change::

        with service_errors_on(form) as outcome:
            services.grading_overall_save(case_audit=audit, by=request.user, **data)
        if outcome.ok:
            return redirect(...)

    Any other exception, ``FormAlreadySent`` among them, passes through.
    """
    outcome = ServiceOutcome()
    try:
        yield outcome
    except ServiceError as error:
        outcome.error = error
        form.add_error(field, str(error))


@contextmanager
def service_errors_as_message(request):
    """As ``service_errors_on``, for a button with no form to show again: the service's refusal
    becomes an error message on the next page."""
    outcome = ServiceOutcome()
    try:
        yield outcome
    except ServiceError as error:
        outcome.error = error
        messages.error(request, str(error))
