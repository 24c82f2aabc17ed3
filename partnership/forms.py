"""Multi-agency audit forms. Forms check input; services do the saving."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

from audits.models import GRADE_HINTS, Grade
from casework.models import Episode
from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukDateField, GovukFormMixin

from .models import MultiAgencyAudit, PartnerAgency, PartnerAuditor


def _date_field(label: str, message: str, *, required: bool = True) -> GovukDateField:
    field = GovukDateField(label=label, require_all_fields=False, required=required)
    field.error_messages["required"] = message
    return field


class AgencyForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter the agency's name"})
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=PartnerAgency.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of agency it is"},
    )


class PartnerAuditorForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="The invitation to set a password is sent here; they sign in with it.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@agency.example",
        },
    )


class AuditForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    theme = forms.ChoiceField(
        choices=MultiAgencyAudit.Theme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the audit's theme"},
    )
    title = forms.CharField(
        max_length=150,
        required=False,
        help_text="For example 'Neglect: children under five'. Leave empty to use the theme.",
    )
    sections_due = _date_field(
        "When each agency's section is due", "Enter the date sections are due"
    )
    panel_date = _date_field("Panel date (if known)", "", required=False)


class CaseAddForm(GovukFormMixin, forms.Form):
    child_ref = forms.CharField(
        label="Case-management ID",
        max_length=64,
        error_messages={"required": "Enter the child's case-management ID"},
    )


class CasePickForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of open case",
        choices=[(kind.value, kind.label) for kind in Episode.CASE_KINDS],
    )
    count = forms.IntegerField(
        label="How many",
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many cases to pick",
            "min_value": "Pick at least 1 case",
            "max_value": "Pick at most 20 cases",
            "invalid": "Enter a whole number",
        },
    )


class AgencyAddForm(GovukFormMixin, forms.Form):
    auditor = forms.ModelChoiceField(
        label="Agency and its auditor",
        queryset=PartnerAuditor.objects.none(),
        help_text="The auditor answers the agency's section and sits on the panel.",
        error_messages={"required": "Choose an agency's auditor"},
    )

    def __init__(self, *args, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors
        self.fields["auditor"].label_from_instance = lambda a: f"{a.agency}: {a.user.display_name}"


class CaseAnswerForm(forms.Form):
    """One box per question of the audit's template version, and the grade."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.guidance,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["grade"] = forms.ChoiceField(
            label="Your agency's grade for its work on this case",
            choices=[(grade.value, f"{grade.label}: {GRADE_HINTS[grade]}") for grade in Grade],
            widget=forms.RadioSelect,
            required=False,
        )

    def answers(self) -> dict[str, str]:
        return {
            name[1:]: value for name, value in self.cleaned_data.items() if name.startswith("q")
        }


class FindingForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    case = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Across the whole audit",
        help_text="Leave as 'across the whole audit' for a finding about every case.",
    )
    agency = forms.ModelChoiceField(
        label="Whose learning it is",
        queryset=None,
        required=False,
        empty_label="Every agency",
    )
    what_worked = forms.CharField(
        label="What worked",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    what_did_not = forms.CharField(
        label="What did not work",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learning = forms.CharField(
        label="Learning", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, cases, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: case.child.child_id
        self.fields["agency"].queryset = agencies


class ActionForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, error_messages={"required": "Choose the agency"}
    )
    description = forms.CharField(
        label="What must change",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what must change"},
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=None, error_messages={"required": "Choose who owns the action"}
    )
    due_date = _date_field("Due by", "Enter the date it is due")

    def __init__(self, *args, agencies, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.display_name


class ActionCompleteForm(GovukFormMixin, forms.Form):
    evidence = forms.CharField(
        label="What was done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was done"},
    )


class FollowUpForm(GovukFormMixin, forms.Form):
    YES_NO = [("yes", "Yes"), ("no", "No")]
    action_done = forms.ChoiceField(
        label="Was the action done?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the action was done"},
    )
    improved = forms.ChoiceField(
        label="Has practice improved?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether practice has improved"},
    )
    outcome = forms.CharField(
        label="What the follow-up found",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the follow-up found"},
    )
