"""The account forms, rendered with GOV.UK Frontend markup."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django.contrib.auth import forms as auth_forms


class GovukFormMixin:
    """Adds a crispy FormHelper with GOV.UK label sizes; the template renders the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL


class GovukAuthenticationForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask a QA officer to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Focus starts at the top of the page, where the skip link is, as GOV.UK advises.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class GovukPasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class GovukPasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class GovukSetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass
