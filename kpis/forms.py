"""Forms of the KPI pages: the dashboard's filter (a GET form that works without JavaScript)
and the QA officer's targets."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator

from qaf.forms import GovukFormMixin

from .periods import months_back
from .views.common import MONTHS_TO_CHOOSE


def month_choices(latest: date, count: int = MONTHS_TO_CHOOSE) -> list[tuple[str, str]]:
    months = [months_back(latest, n) for n in range(count)]
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]


def scope_choices(areas: dict, teams: dict, *, team_ids=None) -> list:
    """The whole service, then each service area with its teams beneath it (an optgroup each).

    ``team_ids`` keeps only those teams (a team manager chooses among their own)."""
    if team_ids is not None:
        return [(f"team:{team.pk}", team.name) for team in teams.values() if team.pk in team_ids]
    choices: list = [("service", "Whole service")]
    for area in areas.values():
        options = [(f"area:{area.pk}", f"{area.name}: the whole area")]
        options += [
            (f"team:{team.pk}", team.name)
            for team in teams.values()
            if team.service_area_id == area.pk
        ]
        choices.append((area.name, options))
    return choices


class KpiFilterForm(forms.Form):
    """Which part of the service and which month; the view checks the values themselves."""

    scope = forms.ChoiceField(
        label="Part of the service",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    period = forms.ChoiceField(
        label="Month", required=False, widget=forms.Select(attrs={"class": "govuk-select"})
    )

    def __init__(self, *args, scopes: list, latest: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        self.fields["period"].choices = month_choices(latest)


class TargetForm(GovukFormMixin, forms.Form):
    """A KPI's target and the values from which it shows green and amber."""

    target = forms.DecimalField(
        label="Target",
        max_digits=9,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text="Leave empty if this measure has no target.",
        error_messages={
            "invalid": "Enter the target as a number, like 80",
            "min_value": "Enter 0 or more",
        },
    )
    green_from = forms.DecimalField(
        label="Green from",
        max_digits=9,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text="The value at which the measure shows green (on target).",
        error_messages={"invalid": "Enter a number, like 80", "min_value": "Enter 0 or more"},
    )
    amber_from = forms.DecimalField(
        label="Amber from",
        max_digits=9,
        decimal_places=2,
        required=False,
        min_value=0,
        help_text="The value at which it shows amber (close to target); beyond it, red.",
        error_messages={"invalid": "Enter a number, like 70", "min_value": "Enter 0 or more"},
    )
    reason = forms.CharField(
        label="Why the change",
        max_length=300,
        help_text="For example, the Improvement Plan's new target agreed by the board.",
        error_messages={"required": "Say why the target changes"},
    )

    def __init__(self, *args, kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        if kpi.unit == "percent":
            for name in ("target", "green_from", "amber_from"):
                field = self.fields[name]
                field.max_value = 100
                field.validators.append(
                    MaxValueValidator(100, message="Enter a percentage from 0 to 100")
                )
                field.widget.attrs["max"] = 100
                field.help_text += " A percentage, from 0 to 100."

    def clean(self):
        data = super().clean()
        green, amber = data.get("green_from"), data.get("amber_from")
        if green is not None and amber is not None:
            higher_is_better = self.kpi.polarity == "up"
            if higher_is_better and amber > green:
                self.add_error(
                    "amber_from", "Amber must start below green when a higher value is better"
                )
            if not higher_is_better and amber < green:
                self.add_error(
                    "amber_from", "Amber must start above green when a lower value is better"
                )
        return data
