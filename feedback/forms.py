"""Forms of the voice work. They validate input; services do the writing."""

from datetime import date

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from casework.models import Child, Measure, Team
from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukDateField, GovukFormMixin, RecordsChoiceField

from .audiences import age_on, audiences_for_age, mismatch_message, survey_fits
from .models import (
    ComplaintOrCompliment,
    Invitation,
    ParticipationGroup,
    Question,
    Survey,
    VoiceTheme,
)
from .selectors import monitoring, staff_choices
from .services.invitations import ANSWER_TOO_LONG, FREE_TEXT_MAX

VALID_DAYS = [("7", "1 week"), ("14", "2 weeks"), ("28", "4 weeks")]


def _date_field(label: str, **kwargs) -> GovukDateField:
    field = GovukDateField(label=label, require_all_fields=False, **kwargs)
    field.error_messages["required"] = f"Enter the {label.lower()}"
    return field


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def recent_months(count: int = 18) -> list[tuple[str, str]]:
    this_month = timezone.localdate().replace(day=1)
    months = [monitoring.add_months(this_month, -n) for n in range(count)]
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Child) -> str:
        return child_label(obj)


def child_label(child: Child) -> str:
    """'C0000001 (Alfie), age 8': the age decides which forms fit."""
    name = f"{child.child_id} ({child.display_name})" if child.display_name else child.child_id
    age = age_on(child, timezone.localdate())
    return f"{name}, age {age}" if age is not None else f"{name}, age not recorded"


class SurveyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Survey) -> str:
        return (
            f"{obj.title}: {obj.get_audience_display().lower()}, "
            f"{obj.get_journey_point_display().lower()}"
        )


# Staff: links ---------------------------------------------------------------------------------


def children_allocated_to(user):
    return Child.objects.filter(
        allocations__worker=user, allocations__end_date__isnull=True
    ).order_by("child_id")


class ChildPickForm(GovukFormMixin, forms.Form):
    """First step: whose feedback, so that only the forms that fit their age are offered."""

    child = ChildChoiceField(
        queryset=Child.objects.none(),
        label="Which child or family is it for?",
        empty_label="Choose a child",
        error_messages={
            "required": "Choose the child or family the link is for",
            "invalid_choice": "Choose a child allocated to you",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children_allocated_to(user)
        self.helper.layout = Layout(Field.select("child"))


class InvitationForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    child = ChildChoiceField(
        queryset=Child.objects.none(),
        label="Which child or family is it for?",
        empty_label="Choose a child",
        error_messages={"required": "Choose the child or family the link is for"},
    )
    survey = SurveyChoiceField(
        queryset=Survey.objects.none(),
        label="Which form?",
        empty_label="Choose a form",
        help_text="Only the forms that fit the child's age are shown, and the parent and carer "
        "form.",
        error_messages={"required": "Choose the form to send"},
    )
    valid_days = forms.TypedChoiceField(
        label="How long should the link work?",
        choices=VALID_DAYS,
        coerce=int,
        initial="28",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long the link should work"},
    )

    def __init__(self, *args, user, child: Child | None = None, **kwargs):
        """``child``, chosen on the first step, fixes the child and narrows the forms offered.
        A sent form is checked against every form in use, so a form that does not fit gets
        a message saying why rather than 'not a valid choice'."""
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children_allocated_to(user)
        published = Survey.objects.filter(status=Survey.Status.PUBLISHED)
        self.fields["survey"].queryset = published
        self.chosen_child = child
        if child is not None:
            self.initial.setdefault("child", child.pk)
            self.fields["child"].widget = forms.HiddenInput()
            if not self.is_bound:
                self.offer_fitting_surveys()
        self.helper.layout = Layout(
            *(() if child is not None else (Field.select("child"),)),
            Field.select("survey"),
            Field.radios("valid_days", legend_size=Size.SMALL, small=True),
        )

    def offer_fitting_surveys(self) -> None:
        if self.chosen_child is None:
            return
        audiences = audiences_for_age(age_on(self.chosen_child, timezone.localdate()))
        self.fields["survey"].queryset = Survey.objects.filter(
            status=Survey.Status.PUBLISHED, audience__in=audiences
        )

    def clean(self):
        cleaned = super().clean()
        child, survey = cleaned.get("child"), cleaned.get("survey")
        if child is not None and survey is not None:
            today = timezone.localdate()
            if not survey_fits(survey, child, today):
                self.add_error("survey", mismatch_message(survey, child, today))
        return cleaned


# Public: the form a child or family fills in ----------------------------------------------------


class StartForm(forms.Form):
    completed_with = forms.ChoiceField(
        choices=Invitation.CompletedWith.choices, required=False, widget=forms.RadioSelect
    )


class AnswerTextField(forms.CharField):
    """Counts a new line as one character, as the character count on the page does: browsers
    send each one as two (CR LF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class AnswerForm(forms.Form):
    """One question's answer; an empty answer counts as skipped, never as an error."""

    choice = forms.CharField(
        required=False,
        max_length=120,
        error_messages={"max_length": "Choose one of the answers, or skip this question."},
    )
    text = AnswerTextField(
        required=False, max_length=FREE_TEXT_MAX, error_messages={"max_length": ANSWER_TOO_LONG}
    )


class SendForm(forms.Form):
    share_name = forms.ChoiceField(
        choices=[("yes", "yes"), ("no", "no")], required=False, widget=forms.RadioSelect
    )


# Staff: alerts and phrases ----------------------------------------------------------------------


class AcknowledgeForm(GovukFormMixin, forms.Form):
    action_taken = forms.CharField(
        label="What did you do to check the child is safe?",
        help_text="For example: 'Spoke to the child at school with their social worker today; "
        "no immediate risk; strategy discussion booked.'",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what was done to check the child is safe"},
    )


class WorryingPhraseForm(GovukFormMixin, forms.Form):
    phrase = forms.CharField(
        label="Add words to look for",
        max_length=120,
        help_text="Capitals, apostrophes and punctuation are ignored: 'don't feel safe' also "
        "finds 'DONT feel safe!'",
        error_messages={"required": "Enter some words to look for"},
    )


# Staff: monitoring --------------------------------------------------------------------------


class MonitoringFilterForm(forms.Form):
    month = forms.ChoiceField(
        label="Month", required=False, widget=forms.Select(attrs={"class": "govuk-select"})
    )
    team = forms.ChoiceField(
        label="Team", required=False, widget=forms.Select(attrs={"class": "govuk-select"})
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = recent_months()
        self.fields["team"].choices = [("", "Whole service")] + [
            (str(team.pk), team.name) for team in teams
        ]


class YouSaidWeDidForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Whole service",
        label="Team",
    )
    month = forms.ChoiceField(label="Month")
    theme = forms.ChoiceField(
        label="Theme",
        choices=VoiceTheme.choices,
        error_messages={"required": "Choose the theme"},
    )
    you_said = forms.CharField(
        label="You said",
        help_text="What children, young people or families told us, in their words where you "
        "can. No names.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what children or families said"},
    )
    we_did = forms.CharField(
        label="We did",
        help_text="What changed because of it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what we did"},
    )
    is_public = forms.BooleanField(
        label="Show this on the public 'You said, we did' page", required=False
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["month"].choices = recent_months()
        self.helper.layout = Layout(
            Field.select("team"),
            Field.select("month"),
            Field.select("theme"),
            Field.textarea("you_said", rows=4),
            Field.textarea("we_did", rows=4),
            Field.checkbox("is_public", small=True),
        )

    def clean_month(self) -> date:
        return monitoring.parse_month(self.cleaned_data["month"], default=timezone.localdate())


# Staff: surveys -------------------------------------------------------------------------------


class SurveyForm(OneSubmissionFormMixin, GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "kind", "audience", "journey_point", "intro"]
        labels = {"kind": "Kind of feedback", "journey_point": "When it is asked"}
        widgets = {
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "journey_point": forms.RadioSelect,
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "audience", "journey_point"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.helper.layout = Layout(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("audience", legend_size=Size.SMALL, small=True),
            Field.radios("journey_point", legend_size=Size.SMALL, small=True),
            Field.textarea("intro", rows=3),
        )


class QuestionForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=300,
        help_text="Plain words the audience will understand.",
        error_messages={"required": "Enter the question"},
    )
    hint = forms.CharField(label="Hint (optional)", max_length=300, required=False)
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of answer"},
    )
    scale_words = forms.ChoiceField(
        label="Words on the scale",
        choices=Question.ScaleWords.choices,
        initial=Question.ScaleWords.FEELING,
        widget=forms.RadioSelect,
        required=False,
        help_text="Only for scale questions.",
    )
    options = forms.CharField(
        label="Answers to choose from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only for 'choose one' questions. One answer on each line.",
    )
    theme = forms.ChoiceField(label="Theme", choices=VoiceTheme.choices)
    measure_code = forms.CharField(
        label="Improvement Plan measure (optional)",
        max_length=60,
        required=False,
        help_text="The code of the measure this answer counts towards, e.g. voice_plan_copy.",
    )
    yes_is_good = forms.TypedChoiceField(
        label="For yes or no questions, which answer is good news?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        required=False,
    )
    alert_on = forms.MultipleChoiceField(
        label="Raise a safeguarding alert when the answer is",
        choices=[("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for yes or no questions, e.g. 'No' to 'Do you feel safe?'",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("text"),
            Field.text("hint"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("scale_words", legend_size=Size.SMALL, small=True),
            Field.textarea("options", rows=4),
            Field.select("theme"),
            Field.text("measure_code", field_width=20),
            Field.radios("yes_is_good", legend_size=Size.SMALL, small=True, inline=True),
            Field.checkboxes("alert_on", legend_size=Size.SMALL, small=True),
        )

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "text": question.text,
            "hint": question.hint,
            "kind": question.kind,
            "scale_words": question.scale_words,
            "options": "\n".join(question.options),
            "theme": question.theme,
            "measure_code": question.measure_code,
            "yes_is_good": "no" if question.positive_answers == ["no"] else "yes",
            "alert_on": question.alert_answers,
        }

    def clean_measure_code(self) -> str:
        code = self.cleaned_data.get("measure_code", "").strip()
        if code and not Measure.objects.filter(code=code).exists():
            raise forms.ValidationError(
                f"There is no Improvement Plan measure with the code '{code}'"
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("kind") == Question.Kind.CHOICE and len(_lines(data.get("options"))) < 2:
            self.add_error("options", "Enter at least two answers, one on each line")
        data["options"] = _lines(data.get("options"))
        data["scale_words"] = data.get("scale_words") or Question.ScaleWords.FEELING
        if data.get("yes_is_good") in (None, ""):
            data["yes_is_good"] = True
        return data


# Staff: registers -----------------------------------------------------------------------------


class ComplaintForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Is it a complaint or a compliment?",
        choices=ComplaintOrCompliment.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose complaint or compliment"},
    )
    received_on = _date_field("Date received", help_text="For example, 27 3 2026")
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), required=False, empty_label="Not about one team", label="Team"
    )
    category = forms.ChoiceField(
        label="What is it about?",
        choices=ComplaintOrCompliment.Category.choices,
        error_messages={"required": "Choose what it is about"},
    )
    received_from = forms.ChoiceField(
        label="Who is it from?",
        choices=ComplaintOrCompliment.From.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who it is from"},
    )
    summary = forms.CharField(
        label="Summary",
        help_text="What it is about. Do not write children's names: use the case ID if needed.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a summary"},
    )
    named_staff = RecordsChoiceField(
        queryset=staff_choices(),
        required=False,
        label="Staff named (optional)",
        help_text="For compliments: they will be sent it. Hold Ctrl (or Cmd) to choose more "
        "than one.",
        widget=forms.SelectMultiple(attrs={"class": "govuk-select qaf-select-multiple", "size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True, inline=True),
            Field("received_on"),
            Field.select("team"),
            Field.select("category"),
            Field.radios("received_from", legend_size=Size.SMALL, small=True),
            Field.textarea("summary", rows=5),
            Field.select("named_staff"),
        )

    def clean_received_on(self) -> date:
        received_on = self.cleaned_data["received_on"]
        if received_on and received_on > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past")
        return received_on


class ComplaintRespondForm(GovukFormMixin, forms.Form):
    sent_on = _date_field("Date the response was sent")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ComplaintOrCompliment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("sent_on"), Field.radios("outcome", legend_size=Size.SMALL, small=True)
        )


class ComplaintEscalateForm(GovukFormMixin, forms.Form):
    requested_on = _date_field("Date the next stage was asked for")


class ComplaintCloseForm(GovukFormMixin, forms.Form):
    learning = forms.CharField(
        label="What have we learned?",
        help_text="What will change in practice because of this complaint.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what we have learned"},
    )


class ParticipationSessionForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    group = forms.ModelChoiceField(
        queryset=ParticipationGroup.objects.filter(is_active=True),
        label="Group",
        empty_label="Choose a group",
        error_messages={"required": "Choose the group"},
    )
    held_on = _date_field("Date of the session")
    attended = forms.IntegerField(
        label="How many children and young people came?",
        min_value=1,
        max_value=500,
        help_text="A number only. Never write names.",
        error_messages={
            "required": "Enter how many came",
            "min_value": "At least one person must have come",
        },
    )
    themes_shown = forms.CharField(
        label="Audit themes shown to the group",
        help_text="Anonymised themes from case audits, one on each line. Nothing that could "
        "identify a child or family.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    views = forms.CharField(
        label="What they said",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the group said"},
    )
    recommendations = forms.CharField(
        label="Their recommendations (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    service_response = forms.CharField(
        label="What we will do (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Fed back to the group at its next session.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("group"),
            Field("held_on"),
            Field.text("attended", field_width=4),
            Field.textarea("themes_shown", rows=4),
            Field.textarea("views", rows=6),
            Field.textarea("recommendations", rows=4),
            Field.textarea("service_response", rows=4),
        )

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError("The date of the session must be today or in the past")
        return held_on

    def clean_themes_shown(self) -> list[str]:
        return _lines(self.cleaned_data["themes_shown"])
