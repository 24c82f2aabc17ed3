"""Forms for the service's case data."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from qaf.forms import GovukDateField


class OptionalDateField(GovukDateField):
    """A GOV.UK date input that may be left blank, but not half filled in."""

    def compress(self, data_list):
        filled = [part for part in data_list if part not in (None, "")]
        if not filled:
            return None
        if len(filled) < 3:
            raise ValidationError("Enter the day, month and year, or leave all three blank")
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError("Enter a real date, for example 31 3 2026") from error


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Case data file",
        # An empty file is refused by the import, which records the refusal in the history.
        allow_empty_file=True,
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )
    as_at = OptionalDateField(
        required=False,
        label="Snapshot date (optional)",
        help_text=(
            "The date the file shows cases as at, for example 31 3 2026. Leave it blank to use "
            "the date saved in the workbook, or today for a CSV file."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_mb = settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = (
            f"The Ofsted Annex A workbook (.xlsx) or a CSV case list (.csv), smaller than "
            f"{limit_mb} MB."
        )
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xlsm,.csv"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form has its own token
        self.helper.label_size = Size.SMALL

    def add_too_large_error(self) -> None:
        limit_mb = settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.errors.pop("file", None)
        self.add_error("file", f"The file must be smaller than {limit_mb} MB")


class TeamMapForm(forms.Form):
    """This name is a team the service already has."""

    into = forms.ModelChoiceField(
        queryset=None,
        label="Team",
        empty_label="Choose a team",
        error_messages={"required": "Choose the team this name means"},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, prefix="map", **kwargs)
        self.fields["into"].queryset = teams


class TeamAddForm(forms.Form):
    """This name is a new team of the service, in the area chosen."""

    service_area = forms.ModelChoiceField(
        queryset=None,
        label="Service area",
        empty_label="Choose a service area",
        error_messages={"required": "Choose the service area the team belongs to"},
    )

    def __init__(self, *args, service_areas, **kwargs):
        super().__init__(*args, prefix="add", **kwargs)
        self.fields["service_area"].queryset = service_areas


class SubjectAccessFindForm(forms.Form):
    child_id = forms.CharField(
        label="Case-management ID",
        max_length=64,
        help_text="The child's ID in the case-management system, for example C0000123.",
        error_messages={"required": "Enter the child's case-management ID"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL

    def clean_child_id(self) -> str:
        return self.cleaned_data["child_id"].strip()


class ReturnUploadForm(forms.Form):
    """A statutory return to check before importing: which return, its year and its file."""

    source = forms.ChoiceField(
        label="Which return",
        widget=forms.RadioSelect,
        choices=[
            ("ssda903", "SSDA903 (children looked after): a zip of its CSV tables, or one table"),
            ("cin_census", "Children in need census: the XML file"),
        ],
        error_messages={"required": "Choose which return this is"},
    )
    year = forms.IntegerField(
        label="Collection year",
        help_text="The year the return ends in: 2026 for 1 April 2025 to 31 March 2026.",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the collection year, for example 2026",
            "invalid": "Enter the collection year as a number, for example 2026",
            "min_value": "Enter a collection year from 2000",
            "max_value": "Enter a collection year before 2100",
        },
    )
    file = forms.FileField(
        label="Return file",
        allow_empty_file=True,
        error_messages={"required": "Choose the file to import", "empty": "The file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_mb = settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = f"A .zip, .csv or .xml file smaller than {limit_mb} MB."
        self.fields["file"].widget.attrs["accept"] = ".zip,.csv,.xml"
        self.fields["year"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input--width-4"}
        )
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_size = Size.SMALL

    def add_too_large_error(self) -> None:
        limit_mb = settings.CASEWORK_IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.errors.pop("file", None)
        self.add_error("file", f"The file must be smaller than {limit_mb} MB")
