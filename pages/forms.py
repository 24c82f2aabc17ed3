"""The page editor's form: it validates; ``services.page_publish`` writes."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from qaf.forms import GovukFormMixin

from .models import PageVersion
from .rendering import has_main_heading
from .services import EMPTY_BODY, MAIN_HEADING

BODY_HELP = (
    "Write in Markdown: a blank line between paragraphs, ## for a heading, ### for a smaller "
    "one, - at the start of a line for a list, **bold**, and [words](https://address) for a "
    "link. Scripts and anything else unsafe are removed."
)


class PageEditForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PageVersion
        fields = ["title", "summary", "body_markdown", "note"]
        help_texts = {"body_markdown": BODY_HELP}
        error_messages = {
            "title": {"required": "Enter a title for the page."},
            "body_markdown": {"required": EMPTY_BODY},
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body_markdown"].strip = False
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("summary", rows=2),
            Field.textarea("body_markdown", rows=24),
            Field.text("note"),
        )

    def clean_body_markdown(self) -> str:
        body = self.cleaned_data["body_markdown"]
        if not body.strip():
            raise forms.ValidationError(EMPTY_BODY)
        if has_main_heading(body):
            raise forms.ValidationError(MAIN_HEADING)
        return body
