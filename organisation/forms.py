"""Forms for the organisation pages (GOV.UK markup through crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from casework.models import ServiceArea, TeamMembership
from qaf.forms import GovukDateField, RecordsChoiceField
from qaf.roles import Role

from .models import Absence
from .services import QA_ROLES


class _GovukForm(forms.Form):
    # Date fields that must be given: a date input of blanks passes the field itself.
    required_dates: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        for name, message in self.required_dates.items():
            if name in data and data[name] is None and name not in self.errors:
                self.add_error(name, message)
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL


class _RecordChoice(forms.ModelChoiceField):
    """A choice of one record whose id is checked to fit a database integer first (a longer id
    would overflow in the database driver instead of being refused as no such choice)."""

    def to_python(self, value):
        try:
            number = int(str(value))
        except ValueError:
            number = 0
        if not -(2**63) <= number < 2**63:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _PersonChoice(_RecordChoice):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}" + (f", {obj.job_title}" if obj.job_title else "")


class _PeopleChoice(RecordsChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


def _active_people():
    return get_user_model().objects.filter(is_active=True).order_by("full_name", "username")


class ServiceAreaForm(_GovukForm):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter the area's name"})
    head_of_service = _PersonChoice(
        queryset=_active_people(),
        required=False,
        empty_label="Nobody yet",
        help_text="Receives escalations from follow-up reviews.",
    )
    senior_managers = _PeopleChoice(
        queryset=_active_people(), required=False, widget=forms.CheckboxSelectMultiple
    )


class TeamForm(_GovukForm):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter the team's name"})
    service_area = _RecordChoice(
        queryset=ServiceArea.objects.all(),
        empty_label="Choose a service area",
        error_messages={"required": "Choose the team's service area"},
    )
    is_duty = forms.BooleanField(
        label="This is a duty team",
        required=False,
        help_text="A duty team receives safeguarding alerts for children with no allocated worker.",
    )


class MembershipForm(_GovukForm):
    user = _PersonChoice(
        label="Person",
        queryset=_active_people(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who joins the team"},
    )
    role = forms.ChoiceField(
        choices=TeamMembership.Role.choices,
        initial=TeamMembership.Role.PRACTITIONER,
        widget=forms.RadioSelect,
    )
    start_date = GovukDateField(label="From")
    required_dates = {"start_date": "Enter the date they joined"}


class EndMembershipForm(_GovukForm):
    end_date = GovukDateField(label="Last day in the team")
    required_dates = {"end_date": "Enter their last day"}


class RolesForm(_GovukForm):
    roles = forms.MultipleChoiceField(
        label="QA roles",
        choices=[(role.value, role.label) for role in QA_ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label="Peer audits a month",
        required=False,
        min_value=0,
        help_text="For a peer auditor: how many cases they can audit each month.",
        error_messages={"min_value": "Cases a month cannot be less than 0"},
    )
    line_manager = _PersonChoice(queryset=_active_people(), required=False, empty_label="Nobody")

    def chosen_roles(self) -> set[Role]:
        return {Role(value) for value in self.cleaned_data["roles"]}


class AbsenceForm(_GovukForm):
    kind = forms.ChoiceField(
        label="Kind of absence", choices=Absence.Kind.choices, widget=forms.RadioSelect
    )
    start_date = GovukDateField(label="First day")
    end_date = GovukDateField(label="Last day")

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", "The last day must be on or after the first day")
        return data


class StaffUploadForm(_GovukForm):
    file = forms.FileField(
        label="Staff list (CSV)",
        allow_empty_file=True,
        help_text="A CSV file from HR, smaller than 2 MB.",
        error_messages={"required": "Choose the staff list to import"},
    )


class WorkerMatchForm(_GovukForm):
    person = _PersonChoice(
        label="This worker is",
        queryset=get_user_model().objects.filter(staff_record__isnull=False).order_by("full_name"),
        empty_label="Choose someone on the staff list",
        error_messages={"required": "Choose who this worker is on the staff list"},
    )


class SecondFactorCodeForm(_GovukForm):
    """A code from the authenticator app (or, when signing in, a recovery code)."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, recovery_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.MEDIUM
        field = self.fields["code"]
        if recovery_allowed:
            field.label = "Security code"
            field.help_text = (
                "The 6-digit code your authenticator app shows now, or one of your recovery codes"
            )
            field.error_messages["required"] = (
                "Enter the code from your authenticator app, or a recovery code"
            )
        else:
            field.label = "Code from the app"
            field.help_text = "The 6 digits your authenticator app shows for this service"
