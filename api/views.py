"""QA officers' pages for the API's tokens: the list, making one (shown once) and revoking one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.forms import service_errors_as_message, service_errors_on
from qaf.permissions import role_required
from qaf.roles import Role

from .forms import ApiTokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke

# The new token waits here in the session for the one page that shows it, which removes it.
SHOWN_ONCE = "api_token_shown_once"


@role_required(Role.QA_OFFICER)
def token_list(request):
    tokens = ApiToken.objects.select_related("created_by", "revoked_by")
    return render(request, "api/tokens.html", {"tokens": tokens})


@role_required(Role.QA_OFFICER)
def token_create(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors_on(form) as outcome, form_submission_once(request, form) as once:
                new = api_token_create(name=form.cleaned_data["name"], by=request.user)
                once.went_to(reverse("api:token", args=[new.token.pk]))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        if outcome.ok:
            request.session[SHOWN_ONCE] = {"pk": new.token.pk, "raw": new.raw}
            return redirect(once.url)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": "Make an API token",
            "lead": "A token lets one BI tool read the service's figures. You will see it once.",
            "button": "Make the token",
        },
    )


@role_required(Role.QA_OFFICER)
def token_detail(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("created_by", "revoked_by"), pk=pk)
    shown = request.session.get(SHOWN_ONCE)
    raw = ""
    if shown and shown.get("pk") == token.pk:
        raw = shown["raw"]
        del request.session[SHOWN_ONCE]
    return render(
        request,
        "api/token.html",
        {"token": token, "raw": raw, "api_root": request.build_absolute_uri(reverse("api:root"))},
    )


@require_POST
@role_required(Role.QA_OFFICER)
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    with service_errors_as_message(request) as outcome:
        api_token_revoke(token=token, by=request.user)
    if outcome.ok:
        messages.success(request, f"'{token.name}' is revoked: it no longer opens the API.")
    return redirect("api:token", pk=token.pk)
