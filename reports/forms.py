from django import forms

from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukFormMixin

from .models import AssuranceReport
from .periods import quarter_end, recent_quarters, recent_years, year_end

Kind = AssuranceReport.Kind


def period_choices(today) -> list[tuple[str, str]]:
    """The periods a report can be drafted for: recent quarters and years that have ended."""
    quarters = [
        (f"quarter:{start:%Y-%m}", f"{start:%B} to {quarter_end(start):%B %Y} (quarter)")
        for start in recent_quarters(today)
    ]
    years = [
        (f"year:{start:%Y-%m}", f"{start:%B %Y} to {year_end(start):%B %Y} (year)")
        for start in recent_years(today)
    ]
    return [("", "Choose a period"), *quarters, *years]


class ReportDraftForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    period = forms.ChoiceField(
        label="Which period is the report for?",
        help_text="A quarterly assurance report, or a yearly summary (April to March).",
        error_messages={
            "required": "Choose the period the report is for",
            "invalid_choice": "Choose one of the periods in the list",
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(today)

    def clean_period(self) -> tuple[str, object]:
        import datetime as dt

        kind, month = self.cleaned_data["period"].split(":")
        year, number = (int(part) for part in month.split("-"))
        return kind, dt.date(year, number, 1)


class NarrativeForm(GovukFormMixin, forms.Form):
    narrative = forms.CharField(
        label="Summary for the committee",
        help_text=(
            "What the figures show, what has improved, what worries you and what happens next. "
            "Do not name children, families or staff."
        ),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": "Write the summary",
            "max_length": "Keep the summary to 6,000 characters or fewer",
        },
    )
