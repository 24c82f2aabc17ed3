"""Forms of the looped audit, rendered with GOV.UK Frontend markup. None of them saves anything:
views hand the cleaned data to a service."""

from dataclasses import dataclass

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from casework.models import Episode
from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukDateField, GovukFormMixin

from .models import (
    GRADE_HINTS,
    Conversation,
    ConversationAnswer,
    ConversationQuestion,
    Grade,
)

TEXT_LIMIT = 10_000
# GOV.UK advises a text input that brings up a numeric keypad, not type="number".
NUMBER_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def grade_choices() -> list[Choice]:
    return [Choice(value, label, hint=GRADE_HINTS[value]) for value, label in Grade.choices]


class DomainGradeForm(GovukFormMixin, forms.Form):
    """One domain's grade and evidence. Either may be left empty in a draft."""

    grade = forms.ChoiceField(choices=(), widget=forms.RadioSelect, required=False)
    evidence = forms.CharField(
        label="Evidence for your grade",
        help_text="What you found in the case file, with examples and dates.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
    )

    def __init__(self, *args, domain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = grade_choices()
        self.fields["grade"].label = f"Your grade for {domain.title.lower()}"
        self.helper.layout = Layout(
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.textarea("evidence", label_size=Size.MEDIUM, rows=8, max_characters=TEXT_LIMIT),
        )


class OverallGradeForm(GovukFormMixin, forms.Form):
    overall_grade = forms.ChoiceField(
        label="Your overall grade for this case",
        choices=(),
        widget=forms.RadioSelect,
        required=False,
    )
    strengths = forms.CharField(
        label="What is working well",
        help_text="The strengths of the practice on this case.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
    )
    areas_for_development = forms.CharField(
        label="What needs to improve",
        help_text="The areas for development, as specific as you can make them.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overall_grade"].choices = grade_choices()
        self.helper.layout = Layout(
            Field.radios("overall_grade", legend_size=Size.MEDIUM),
            Field.textarea("strengths", label_size=Size.MEDIUM, rows=6),
            Field.textarea("areas_for_development", label_size=Size.MEDIUM, rows=6),
        )


class ConversationForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    SEEN_ALONE_CHOICES = [
        ("yes", "Yes, seen alone"),
        ("no", "No, not seen alone"),
        ("", "Not applicable: I did not speak with the child"),
    ]

    person = forms.ChoiceField(
        label="Who did you speak with?",
        choices=Conversation.Person.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you spoke with"},
    )
    relationship = forms.CharField(
        label="Their relationship to the child (for a parent or carer)",
        help_text="For example, mother, grandfather or foster carer. Do not write their name.",
        required=False,
        max_length=80,
    )
    held_on = GovukDateField(
        label="When did you speak with them?",
        help_text="For example, 27 11 2026",
        require_all_fields=False,
    )
    method = forms.ChoiceField(
        label="How did you speak with them?",
        choices=Conversation.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you spoke with them"},
    )
    seen_alone = forms.ChoiceField(
        label="If you spoke with the child, did you see them alone?",
        choices=SEEN_ALONE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    in_their_words = forms.CharField(
        label="What they said, in their own words",
        help_text="Write down their words as closely as you can, not your summary of them.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write what they said, in their own words"},
    )

    def __init__(self, *args, questions: list[ConversationQuestion] = (), **kwargs):
        """``questions`` are the active Improvement Plan questions. Once the person is known
        (posted, or chosen on the way in) only theirs are offered and each needs an answer;
        before that every one is shown, grouped by whom it is for, so that the page works
        without JavaScript."""
        super().__init__(*args, **kwargs)
        self.person = self._person_given()
        self.questions = [
            question
            for question in questions
            if self.person is None or self.person in question.people
        ]
        for question in self.questions:
            self.fields[self.answer_field(question)] = forms.ChoiceField(
                label=question.text,
                choices=ConversationAnswer.Answer.choices,
                widget=forms.RadioSelect,
                required=self.person is not None,
                error_messages={
                    "required": f"Choose an answer to '{question.text}'",
                    "invalid_choice": f"Choose one of the answers to '{question.text}'",
                },
            )
        self.helper.layout = Layout(
            Field.radios("person", legend_size=Size.MEDIUM),
            Field.text("relationship"),
            Field("held_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Field.radios("method", legend_size=Size.MEDIUM),
            Field.radios("seen_alone", legend_size=Size.MEDIUM),
            Field.textarea(
                "in_their_words", label_size=Size.MEDIUM, rows=8, max_characters=TEXT_LIMIT
            ),
            *self._question_layout(),
        )

    @staticmethod
    def answer_field(question: ConversationQuestion) -> str:
        return f"answer_{question.pk}"

    def _person_given(self) -> str | None:
        person = self.data.get("person") if self.is_bound else self.initial.get("person")
        return person if person in Conversation.Person.values else None

    def _question_layout(self) -> list:
        if not self.questions:
            return []
        intro = (
            "These questions follow the council's Improvement Plan. Ask them in your own words."
            if self.person
            else "These questions follow the council's Improvement Plan. Answer only the ones "
            "for the person you spoke with: answers to the others are not kept."
        )
        layout = [
            HTML(
                format_html(
                    '<h2 class="govuk-heading-m">Improvement Plan questions</h2>'
                    '<p class="govuk-body">{}</p>',
                    intro,
                )
            )
        ]
        for asked_of, label in ConversationQuestion.AskedOf.choices:
            group = [q for q in self.questions if q.asked_of == asked_of]
            if not group:
                continue
            whom = label[:1].lower() + label[1:]
            layout.append(
                HTML(format_html('<h3 class="govuk-heading-s">Questions for {}</h3>', whom))
            )
            layout += [
                Field.radios(self.answer_field(q), legend_size=Size.SMALL, small=True)
                for q in group
            ]
        return layout

    @property
    def answers(self) -> dict[ConversationQuestion, str]:
        """The answers to the questions for the person spoken with (a valid form has a person,
        so ``self.questions`` holds only theirs)."""
        return {
            question: self.cleaned_data[self.answer_field(question)]
            for question in self.questions
            if self.cleaned_data.get(self.answer_field(question))
        }

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return held_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") == Conversation.Person.CHILD and not cleaned.get("seen_alone"):
            self.add_error("seen_alone", "Say whether the child was seen alone")
        return cleaned

    @property
    def seen_alone_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("seen_alone"))


class SafeguardingConcernForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    concern = forms.CharField(
        label="What is the concern?",
        help_text="What you found, where in the record, and why it worries you.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={"required": "Describe the safeguarding concern"},
    )
    action_taken = forms.CharField(
        label="What have you done already? (optional)",
        help_text="For example, who you have spoken to.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("concern", label_size=Size.MEDIUM, rows=8),
            Field.textarea("action_taken", label_size=Size.MEDIUM, rows=4),
        )


class AcknowledgeConcernForm(GovukFormMixin, forms.Form):
    action_taken = forms.CharField(
        label="What have you done to check the child is safe?",
        help_text="For example, who you spoke to, when, and what happens next.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={"required": "Say what you have done to check the child is safe"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("action_taken", label_size=Size.MEDIUM, rows=6))


@dataclass(frozen=True)
class AuditorOption:
    value: str
    name: str
    hint: str


SOMEONE_ELSE = "someone_else"
# Enough to pick the obvious person at a glance; the rest are one list away.
OFFERED_AS_RADIOS = 5


class AssignAuditorForm(forms.Form):
    """Who takes a grading: the few least loaded as radios, everyone else who may take it in a
    list under "Someone else", so that the page is as quick with 150 auditors as with 5.

    Any eligible person's id is accepted in ``auditor``, whichever way it was offered.
    """

    auditor = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who will grade this case",
            "invalid_choice": "Choose someone who can grade this case",
        },
    )
    someone_else = forms.ChoiceField(
        label="Choose from everyone else who can grade this case, fewest cases first",
        required=False,
        error_messages={"invalid_choice": "Choose someone who can grade this case"},
    )

    def __init__(self, *args, candidates, label: str, show_capacity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.user.pk): c for c in candidates}
        options = [_auditor_option(c, show_capacity=show_capacity) for c in candidates]
        shown = OFFERED_AS_RADIOS
        # A "Someone else" list of one would be a radio in disguise: show everyone then.
        if len(options) <= shown + 1:
            shown = len(options)
        self.offered, self.others = options[:shown], options[shown:]
        everyone = [(option.value, option.name) for option in options]
        self.fields["auditor"].choices = everyone + (
            [(SOMEONE_ELSE, "Someone else")] if self.others else []
        )
        self.fields["auditor"].label = label
        self.fields["someone_else"].choices = [("", "Choose a person"), *everyone]

    def clean(self):
        data = super().clean()
        if data.get("auditor") == SOMEONE_ELSE:
            if data.get("someone_else"):
                data["auditor"] = data["someone_else"]
            else:
                self.add_error("someone_else", "Choose who will grade this case from the list")
        return data

    @property
    def chosen(self):
        return self.candidates[self.cleaned_data["auditor"]].user

    def other_options(self) -> str:
        """The list's options, built here in one pass: a template loop over 150 people would
        cost more than the rest of the page."""
        selected = str(self["someone_else"].value() or "")
        return format_html_join(
            "\n",
            '<option value="{}"{}>{}: {}</option>',
            (
                (
                    option.value,
                    " selected" if option.value == selected else "",
                    option.name,
                    option.hint,
                )
                for option in self.others
            ),
        )


def _auditor_option(candidate, *, show_capacity: bool) -> AuditorOption:
    if not show_capacity:
        hint = f"{candidate.load} cases to grade this month"
    elif candidate.capacity == 0:
        hint = "Not taking cases this month"
    else:
        hint = f"{candidate.load} of {candidate.capacity} cases this month" + (
            " (at capacity)"
            if candidate.load == candidate.capacity
            else " (over capacity)"
            if candidate.full
            else ""
        )
    title = candidate.user.job_title
    name = candidate.user.display_name + (f", {title.lower()}" if title else "")
    return AuditorOption(str(candidate.user.pk), name, hint)


class SamplingSettingsForm(GovukFormMixin, forms.Form):
    """Cases sampled per team and each peer auditor's capacity, one number field each."""

    def __init__(self, *args, teams, peers, sizes: dict, capacities: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {f"team_{team.pk}": team for team in teams}
        self.peers = {f"peer_{peer.pk}": peer for peer in peers}
        for key, team in self.teams.items():
            self.fields[key] = forms.IntegerField(
                label=team.name,
                min_value=0,
                max_value=settings.QAF_AUDIT_MAX_CASES_PER_TEAM,
                initial=sizes.get(team.pk, settings.QAF_AUDIT_CASES_PER_TEAM),
                widget=NUMBER_INPUT,
                error_messages={
                    "required": f"Enter how many of {team.name}'s cases to sample",
                    "min_value": f"Cases for {team.name} must be 0 or more",
                    "max_value": (
                        f"Cases for {team.name} must be "
                        f"{settings.QAF_AUDIT_MAX_CASES_PER_TEAM} or fewer"
                    ),
                    "invalid": f"Cases for {team.name} must be a whole number",
                },
            )
        for key, peer in self.peers.items():
            self.fields[key] = forms.IntegerField(
                label=peer.display_name,
                min_value=0,
                max_value=settings.QAF_AUDIT_MAX_PEER_CAPACITY,
                initial=capacities.get(peer.pk, settings.QAF_AUDIT_PEER_CAPACITY),
                widget=NUMBER_INPUT,
                error_messages={
                    "required": f"Enter how many cases {peer.display_name} can audit",
                    "min_value": f"Capacity for {peer.display_name} must be 0 or more",
                    "max_value": (
                        f"Capacity for {peer.display_name} must be "
                        f"{settings.QAF_AUDIT_MAX_PEER_CAPACITY} or fewer"
                    ),
                    "invalid": f"Capacity for {peer.display_name} must be a whole number",
                },
            )
        self.helper.layout = Layout(
            Fieldset(
                *[Field.text(key, field_width=3) for key in self.teams],
                legend="Cases sampled each month, per team",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *[Field.text(key, field_width=3) for key in self.peers],
                legend="Cases each peer auditor can take each month",
                legend_size=Size.MEDIUM,
            ),
        )

    def team_sizes(self) -> dict:
        return {team: self.cleaned_data[key] for key, team in self.teams.items()}

    def peer_capacities(self) -> dict:
        return {peer: self.cleaned_data[key] for key, peer in self.peers.items()}


class DomainForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    title = forms.CharField(
        label="Title", max_length=120, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        label="What this domain looks at",
        widget=forms.Textarea,
        required=False,
    )
    case_kinds = forms.MultipleChoiceField(
        label="Which case types does it apply to?",
        help_text="Leave every box empty if it applies to all of them.",
        choices=[(kind.value, kind.label) for kind in Episode.CASE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    position = forms.IntegerField(
        label="Position in the form",
        min_value=1,
        max_value=50,
        widget=NUMBER_INPUT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("description", rows=3),
            Field.checkboxes("case_kinds", legend_size=Size.SMALL, small=True),
            Field.text("position", field_width=3),
        )


class QuestionForm(GovukFormMixin, forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="Question", max_length=300, required=False)
    guidance = forms.CharField(
        label="Guidance",
        help_text="What good looks like, and where to look.",
        widget=forms.Textarea,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("pk"), Field.text("text"), Field.textarea("guidance", rows=3)
        )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, max_num=30)


class PublishForm(GovukFormMixin, forms.Form):
    notes = forms.CharField(
        label="What changed in this version, and why",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("notes", rows=3))


class FilterFormHelper(FormHelper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_tag = False
        self.label_size = Size.SMALL
