from django import forms

from qaf.form_tokens import OneSubmissionFormMixin
from qaf.forms import GovukFormMixin


class ApiTokenForm(OneSubmissionFormMixin, GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Who or what will use it, for example 'Council BI' or 'Power BI: performance "
        "team'.",
        error_messages={"required": "Give the token a name"},
    )
