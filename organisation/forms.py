"""Forms for the organisation pages (GOV.UK markup through crispy-forms-gds)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.auth import get_user_model

from casework.models import ServiceArea, TeamMembership
from qaf.forms import GovukDateField
from qaf.roles import Role

from .models import Absence
from .services import QA_ROLES


class _GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}" + (f", {obj.job_title}" if obj.job_title else "")


class _PeopleChoice(forms.ModelMultipleChoiceField):
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
    service_area = forms.ModelChoiceField(
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


class EndMembershipForm(_GovukForm):
    end_date = GovukDateField(label="Last day in the team")


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
