"""Forms of the loop, rendered with GOV.UK Frontend markup. None of them saves anything: views
hand the cleaned data to a service."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from audits.forms import grade_choices
from audits.models import Grade
from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukDateField, GovukFormMixin, RecordsChoiceField

from .models import ActionCheck, FollowUpReview, LearningActivity, LearningTheme
from .services.follow_up import CheckInput, needs_escalation

TEXT_LIMIT = 10_000


def _textarea(label: str, *, help_text: str = "", required: bool = True, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea,
        required=required,
        max_length=TEXT_LIMIT,
        error_messages={"required": message or f"Write {label[0].lower()}{label[1:]}"},
    )


def _date(label: str, *, help_text: str = "For example, 27 11 2026", message: str = ""):
    field = GovukDateField(label=label, help_text=help_text, require_all_fields=False)
    field.error_messages["required"] = message or f"Enter {label[0].lower()}{label[1:]}"
    return field


class ThemeChoiceField(RecordsChoiceField):
    def label_from_instance(self, obj: LearningTheme) -> str:
        return obj.name


def theme_field(label: str, help_text: str) -> ThemeChoiceField:
    return ThemeChoiceField(
        label=label,
        help_text=help_text,
        queryset=LearningTheme.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ModerationForm(GovukFormMixin, forms.Form):
    """The moderation meeting: the date, what was discussed, the agreed grades, the rationale,
    a learning note to each auditor, and the themes found."""

    held_on = _date("When did you meet both auditors?", message="Enter the date of the meeting")
    meeting_notes = _textarea(
        "What was discussed (optional)",
        help_text="Where the auditors saw the case differently, and what you agreed.",
        required=False,
    )
    overall_grade = forms.ChoiceField(
        label="Agreed overall grade",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the agreed overall grade"},
    )
    rationale = _textarea(
        "Why these are the right grades",
        help_text="The evidence in the case file that settles each difference.",
        message="Write why these are the right grades",
    )
    note_to_team_manager = _textarea(
        "Learning note to the team manager",
        help_text="What they can learn from this moderation, in plain words.",
    )
    note_to_peer_auditor = _textarea(
        "Learning note to the peer auditor",
        help_text="What they can learn from this moderation, in plain words.",
    )
    themes = theme_field(
        "Learning themes in this audit (optional)",
        "Choose every theme the findings show. They are counted in the monthly summary.",
    )

    def __init__(self, *args, comparison_rows, team_manager, peer_auditor, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain_fields = {}
        # Domains the two auditors graded alike start on that grade, folded away, so that a
        # phone shows the differences first; the moderator can still open and change them.
        differing_layout, agreed_layout = [], []
        self.agreed_domain_fields = []
        for row in comparison_rows:
            name = f"domain_{row.domain_pk}"
            agreed = bool(row.manager_grade) and row.manager_grade == row.peer_grade
            self.fields[name] = forms.ChoiceField(
                label=f"Agreed grade for {row.title.lower()}",
                help_text=(
                    f"{team_manager} (team manager): {row.manager_label}. "
                    f"{peer_auditor} (peer auditor): {row.peer_label}."
                ),
                choices=[(v, label) for v, label in Grade.choices],
                widget=forms.RadioSelect,
                initial=row.manager_grade if agreed else None,
                error_messages={"required": f"Choose the agreed grade for {row.title.lower()}"},
            )
            self.domain_fields[row.domain_pk] = name
            radios = Field.radios(name, legend_size=Size.SMALL, small=True)
            if agreed:
                agreed_layout.append(radios)
                self.agreed_domain_fields.append(name)
            else:
                differing_layout.append(radios)
        self.fields["overall_grade"].choices = grade_choices()
        self.fields["note_to_team_manager"].label = f"Learning note to {team_manager}"
        self.fields["note_to_peer_auditor"].label = f"Learning note to {peer_auditor}"
        self.fields["note_to_team_manager"].help_text = "The team manager. " + (
            self.fields["note_to_team_manager"].help_text
        )
        self.fields["note_to_peer_auditor"].help_text = "The peer auditor. " + (
            self.fields["note_to_peer_auditor"].help_text
        )
        grades = []
        if differing_layout:
            grades.append(
                Fieldset(
                    *differing_layout,
                    legend="Agreed grades where the auditors differ",
                    legend_size=Size.MEDIUM,
                )
            )
        if agreed_layout:
            count = len(agreed_layout)
            grades += [
                HTML(
                    '<details class="govuk-details"{% if form.agreed_domains_open %} open'
                    '{% endif %}><summary class="govuk-details__summary">'
                    '<span class="govuk-details__summary-text">'
                    f"{count} domain{'s' if count != 1 else ''} where both auditors gave the "
                    'same grade</span></summary><div class="govuk-details__text">'
                    '<p class="govuk-body">Their grade is chosen for you. Change it only if the '
                    "meeting agreed something else.</p>"
                ),
                *agreed_layout,
                HTML("</div></details>"),
            ]
        self.helper.layout = Layout(
            Fieldset(
                Field("held_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
                Field.textarea("meeting_notes", rows=3),
                legend="The meeting",
                legend_size=Size.MEDIUM,
            ),
            *grades,
            Field.radios("overall_grade", legend_size=Size.MEDIUM, small=True),
            Field.textarea("rationale", label_size=Size.MEDIUM, rows=5),
            Fieldset(
                Field.textarea("note_to_team_manager", label_size=Size.SMALL, rows=4),
                Field.textarea("note_to_peer_auditor", label_size=Size.SMALL, rows=4),
                legend="Learning notes",
                legend_size=Size.MEDIUM,
            ),
            HTML(
                '<details class="govuk-details"{% if form.themes_open %} open{% endif %}>'
                '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
                "Choose learning themes (optional)</span></summary>"
                '<div class="govuk-details__text">'
            ),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
            HTML("</div></details>"),
        )

    @property
    def agreed_domains_open(self) -> bool:
        """Open the folded domains when one of them has an error to show."""
        return self.is_bound and any(name in self.errors for name in self.agreed_domain_fields)

    @property
    def themes_open(self) -> bool:
        """Open the themes when one is chosen or there is an error to show."""
        return self.is_bound and ("themes" in self.errors or bool(self["themes"].value()))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError("The date of the meeting must be today or in the past")
        return held_on

    def domain_grades(self) -> dict[int, str]:
        return {pk: self.cleaned_data[name] for pk, name in self.domain_fields.items()}


class ModeratorForm(GovukFormMixin, forms.Form):
    moderator = forms.ChoiceField(
        label="Who will moderate this audit?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will moderate this audit"},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.user.pk): c for c in candidates}
        self.fields["moderator"].choices = [
            Choice(
                str(c.user.pk),
                c.user.display_name + (f", {c.user.job_title.lower()}" if c.user.job_title else ""),
                hint=(
                    f"{c.load} audit{'s' if c.load != 1 else ''} to moderate now"
                    + ("" if c.in_area else "; from another service area")
                ),
            )
            for c in candidates
        ]
        self.helper.layout = Layout(Field.radios("moderator", legend_size=Size.MEDIUM))

    @property
    def chosen(self):
        return self.candidates[self.cleaned_data["moderator"]].user


class GradingThemesForm(GovukFormMixin, forms.Form):
    themes = theme_field(
        "Which learning themes do your findings show?",
        "Choose all that apply. A QA officer keeps the list of themes.",
    )

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A retired theme already tagged stays choosable, so saving does not drop it.
        current_pks = [t.pk for t in current]
        self.fields["themes"].queryset = LearningTheme.objects.filter(
            pk__in=current_pks
        ) | LearningTheme.objects.filter(is_active=True)
        self.helper.layout = Layout(
            Field.checkboxes("themes", legend_size=Size.LARGE, legend_tag="h1", small=True)
        )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name + (f", {obj.job_title.lower()}" if obj.job_title else "")


class ActionForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    description = _textarea(
        "What must change",
        help_text="One specific change, in words the owner will recognise.",
        message="Write what must change",
    )
    owner = OwnerChoiceField(
        label="Who owns it?",
        queryset=None,
        empty_label="Choose a person",
        error_messages={"required": "Choose who owns the action"},
    )
    due_date = _date("When is it due?", message="Enter when the action is due")

    def __init__(self, *args, owners, follow_up_due, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["due_date"].help_text = (
            f"By {follow_up_due.day} {follow_up_due:%B %Y} at the latest, when the follow-up "
            "review checks it. For example, 27 1 2027"
        )
        self.follow_up_due = follow_up_due
        self.helper.layout = Layout(
            Field.textarea("description", label_size=Size.MEDIUM, rows=4),
            Field.select("owner"),
            Field("due_date", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
        )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or later")
        if due and due > self.follow_up_due:
            raise forms.ValidationError(
                f"The due date must be on or before {self.follow_up_due.day} "
                f"{self.follow_up_due:%B %Y}"
            )
        return due


class EvidenceForm(GovukFormMixin, forms.Form):
    evidence = _textarea(
        "Evidence that it is done",
        help_text="Where to see it, for example the case note or plan and its date.",
        message="Write the evidence that it is done",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("evidence", rows=4))


class ReasonForm(GovukFormMixin, forms.Form):
    reason = _textarea("Why", message="Write why")

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = f"Write {label[0].lower()}{label[1:]}"
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.SMALL, rows=3))


class FeedbackForm(GovukFormMixin, forms.Form):
    going_well = _textarea(
        "What is going well",
        help_text="Be specific: what the social worker did, and the difference it made.",
        message="Write what is going well",
    )
    to_improve = _textarea(
        "What to improve",
        help_text="One or two things, in plain words, with what good would look like.",
        message="Write what to improve",
    )
    compliments = _textarea(
        "Compliments to pass on (optional)",
        help_text=(
            "Anything good the child, the family, other professionals or the auditors said "
            "about the social worker's work. It is passed on to them and their team manager."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("going_well", label_size=Size.MEDIUM, rows=5),
            Field.textarea("to_improve", label_size=Size.MEDIUM, rows=5),
            Field.textarea("compliments", label_size=Size.MEDIUM, rows=3),
        )


class AcknowledgeForm(GovukFormMixin, forms.Form):
    reflection = _textarea(
        "Your reflection (optional)",
        help_text="What you take from this feedback, or anything you want your manager to know.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reflection", label_size=Size.MEDIUM, rows=5))


class FollowUpForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Looking back over the three months, has practice on this case improved?",
        choices=FollowUpReview.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether practice has improved"},
    )
    look_back = _textarea(
        "What you found when you looked back",
        help_text="Visits, plans, supervision and the child's experience since the audit.",
        message="Write what you found when you looked back",
    )
    re_audit = forms.BooleanField(
        label="Put this case forward for re-audit in the next round",
        required=False,
        help_text="For a case graded inadequate.",
    )
    escalation_reason = _textarea(
        "Why this goes to the head of service",
        help_text=(
            "Needed when an action is not done in full, or practice has not improved: say what "
            "is missing and what you have already done about it."
        ),
        required=False,
    )

    def __init__(self, *args, actions, inadequate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.action_fields = {}
        action_layout = []
        for number, action in enumerate(actions, start=1):
            finding, comment = f"finding_{action.pk}", f"comment_{action.pk}"
            self.fields[finding] = forms.ChoiceField(
                label=f"Action {number}: {action.description}",
                help_text=(
                    f"Owner: {action.owner.display_name}. Due {action.due_date.day} "
                    f"{action.due_date:%B %Y}. Marked {action.get_status_display().lower()}"
                    + (f": {action.evidence}" if action.evidence else ".")
                ),
                choices=ActionCheck.Finding.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether action {number} was done"},
            )
            self.fields[comment] = forms.CharField(
                label=f"Comment on action {number} (optional)",
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea,
            )
            self.action_fields[action.pk] = (finding, comment)
            action_layout += [
                Field.radios(finding, legend_size=Size.SMALL, small=True),
                Field.textarea(comment, rows=2),
            ]
        layout = []
        if action_layout:
            layout.append(
                Fieldset(*action_layout, legend="Was each action done?", legend_size=Size.MEDIUM)
            )
        layout += [
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("look_back", label_size=Size.MEDIUM, rows=6),
        ]
        if inadequate:
            layout.append(Field.checkbox("re_audit", small=True))
        else:
            del self.fields["re_audit"]
        layout.append(Field.textarea("escalation_reason", label_size=Size.MEDIUM, rows=4))
        self.helper.layout = Layout(*layout)

    def checks(self) -> dict:
        return {
            pk: CheckInput(self.cleaned_data[finding], self.cleaned_data[comment])
            for pk, (finding, comment) in self.action_fields.items()
        }

    def clean(self):
        cleaned = super().clean()
        if self.action_fields and any(
            self.cleaned_data.get(finding) is None for finding, _ in self.action_fields.values()
        ):
            return cleaned
        if (
            cleaned.get("outcome")
            and not cleaned.get("escalation_reason", "").strip()
            and needs_escalation(self.checks(), cleaned["outcome"])
        ):
            self.add_error(
                "escalation_reason",
                "Write why this goes to the head of service: an action is not done in full, "
                "or practice has not improved",
            )
        return cleaned


class EscalationResponseForm(GovukFormMixin, forms.Form):
    response = _textarea(
        "What will happen next",
        help_text="What you have decided, who will do it and by when.",
        message="Write what will happen next",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("response", label_size=Size.MEDIUM, rows=5))


class ThemeForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the theme",
        max_length=120,
        help_text="Short and plain, for example: The child's voice is missing from the record.",
        error_messages={"required": "Enter the name of the theme"},
    )
    description = _textarea(
        "What belongs to this theme (optional)",
        help_text="So that auditors choose it consistently.",
        required=False,
    )
    is_active = forms.BooleanField(
        label="Auditors and moderators can choose this theme",
        required=False,
        initial=True,
        help_text="Untick to retire it. Findings already tagged keep it.",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [Field.text("name"), Field.textarea("description", rows=3)]
        if editing:
            layout.append(Field.checkbox("is_active", small=True))
        else:
            del self.fields["is_active"]
        self.helper.layout = Layout(*layout)


class ThemeSelectField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LearningTheme) -> str:
        return obj.name


class ActivityForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    theme = ThemeSelectField(
        label="Learning theme",
        queryset=LearningTheme.objects.filter(is_active=True).order_by("name"),
        empty_label="Choose a theme",
        error_messages={"required": "Choose the learning theme"},
    )
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=LearningActivity.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of activity it was"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example: Recording the child's own words.",
        error_messages={"required": "Enter a title"},
    )
    held_on = _date("When was it held?", message="Enter when it was held")
    attendance = forms.IntegerField(
        label="How many people took part?",
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many people took part",
            "min_value": "At least 1 person must have taken part",
            "max_value": "Enter a number of 10,000 or fewer",
            "invalid": "Enter the number of people as a whole number",
        },
    )
    notes = _textarea("Notes (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("theme"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("title"),
            Field("held_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.text("attendance", field_width=4),
            Field.textarea("notes", rows=3),
        )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return held_on
