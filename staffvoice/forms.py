"""Staff voice forms. Forms check input; services do the saving."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.models import Team
from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukDateField, GovukFormMixin

from .models import QualityCircle, Recognition, StaffQuestion


def _date_field(label: str, message: str) -> GovukDateField:
    field = GovukDateField(label=label, require_all_fields=False)
    field.error_messages["required"] = message
    return field


class StaffSurveyForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=120, error_messages={"required": "Enter a title for the survey"}
    )
    intro = forms.CharField(
        label="Introduction",
        required=False,
        max_length=2000,
        help_text="Why you are asking and what will happen with the answers.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffQuestionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=300,
        help_text="For a scale question, a statement people agree or disagree with, for example "
        "'My workload is manageable'.",
        error_messages={"required": "Enter the question"},
    )
    hint = forms.CharField(label="Hint (optional)", max_length=300, required=False)
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=StaffQuestion.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of answer"},
    )


class StaffAnswerForm(forms.Form):
    """One field per question: a five-point scale (radios) or a free-text box. Nothing is
    required: a person may skip any question they would rather not answer."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.MEDIUM
        self.questions = list(questions)
        for question in self.questions:
            if question.is_scale:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=question.text,
                    help_text=question.hint,
                    choices=StaffQuestion.SCALE,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    help_text=question.hint
                    or "Please do not name yourself, colleagues, children or families.",
                    widget=forms.Textarea(attrs={"rows": 5}),
                    max_length=3000,
                    required=False,
                )

    def answers(self) -> tuple[dict[int, str], dict[int, str]]:
        scores, comments = {}, {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}", "")
            (scores if question.is_scale else comments)[question.pk] = value
        return scores, comments


class QualityCircleForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a name"})
    level = forms.ChoiceField(
        label="Grade or level",
        choices=QualityCircle.Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the grade or level"},
    )
    purpose = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CircleMemberForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label="Member of staff",
        error_messages={"required": "Choose a member of staff"},
    )
    facilitator = forms.BooleanField(
        label="Make them the circle's facilitator (the only person who records its meetings)",
        required=False,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda user: (
            f"{user.display_name}{f' ({user.job_title})' if user.job_title else ''}"
        )


class CircleMeetingForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    met_on = _date_field("When the circle met", "Enter the date the circle met")
    themes = forms.CharField(
        label="Themes",
        help_text="What the circle talked about. Do not name who said what.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the themes"},
    )
    suggestions = forms.CharField(
        label="Suggestions",
        help_text="Write each suggestion on a line of its own. Do not name who made it.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one suggestion"},
    )

    def clean_met_on(self):
        met_on = self.cleaned_data["met_on"]
        if met_on > timezone.localdate():
            raise forms.ValidationError("The date the circle met must be today or in the past")
        return met_on

    def clean_suggestions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["suggestions"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("Enter at least one suggestion")
        if len(lines) > 20:
            raise forms.ValidationError("Enter 20 suggestions or fewer at a time")
        return lines


class SuggestionAnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="We did",
        help_text="What has been done, or will be, and when. The circle's members will see it.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was done"},
    )


class RecognitionForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Member of staff (optional)",
        help_text="Leave empty to thank the whole team.",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label="Team (optional)",
        help_text="Leave empty to use the person's own team.",
    )
    source = forms.ChoiceField(
        label="Who said it",
        choices=Recognition.Source.choices,
        error_messages={"required": "Choose who said it"},
    )
    received_on = _date_field("When it was said", "Enter when it was said")
    summary = forms.CharField(
        label="What was said",
        help_text="Do not write children's names.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was said"},
    )

    def __init__(self, *args, people, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["team"].queryset = teams

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date it was said must be today or in the past")
        return received_on

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("team"):
            raise forms.ValidationError("Choose the person or the team the thanks is for")
        return data


class CommentCheckForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Show"), ("withhold", "Withhold")])
