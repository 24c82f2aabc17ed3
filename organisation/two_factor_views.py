"""The two-factor steps after a password: set up an authenticator app, give a code (or a
recovery code), and see new recovery codes once."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from qaf import work
from qaf.forms import service_errors_on
from qaf.middleware import second_factor_pending

from . import two_factor
from .forms import SecondFactorCodeForm

# Below this many recovery codes left, the person is told to make new ones.
FEW_RECOVERY_CODES = 3


def _next_url(request) -> str:
    """Where the person was going when they signed in: a page of this site, else their landing
    page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(work.landing_for(request.user) or "home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _qr_code_svg(config_url: str) -> str:
    """The secret as a QR code for the app to scan, drawn here as SVG."""
    svg = segno.make(config_url, error="m").svg_inline(scale=4, svgclass="qaf-qr", lineclass=None)
    label = escape("QR code to scan with your authenticator app")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


@require_http_methods(["GET", "POST"])
@login_required
def second_factor(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    next_url = _next_url(request)
    if two_factor.totp_device_for(request.user) is None:
        return redirect(_with_next("second_factor_setup", next_url))
    if not second_factor_pending(request):
        return redirect(next_url)
    form = SecondFactorCodeForm(request.POST or None, recovery_allowed=True)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form, field="code") as outcome:
            used = two_factor.second_factor_verify(
                user=request.user, code=form.cleaned_data["code"]
            )
        if outcome.ok:
            two_factor.mark_verified(request)
            if used == "recovery code":
                left = two_factor.recovery_codes_left(request.user)
                advice = (
                    " Make new ones soon: there is a link on the Change password page."
                    if left <= FEW_RECOVERY_CODES
                    else ""
                )
                messages.warning(
                    request,
                    f"You signed in with a recovery code. It cannot be used again: you have "
                    f"{left} left.{advice}",
                )
            return redirect(next_url)
    return render(
        request,
        "organisation/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_setup(request):
    """Set up an authenticator app: scan the QR code or type the secret, then give a code."""
    next_url = _next_url(request)
    if two_factor.totp_device_for(request.user) is not None:
        if second_factor_pending(request):
            return redirect(_with_next("second_factor", next_url))
        messages.info(request, "Your authenticator app is already set up.")
        return redirect(next_url)
    device = two_factor.enrolment_start(user=request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form, field="code") as outcome:
            codes = two_factor.enrolment_confirm(user=request.user, code=form.cleaned_data["code"])
        if outcome.ok:
            two_factor.mark_verified(request)
            request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
            return redirect(_with_next("second_factor_recovery_codes", next_url))
    return render(
        request,
        "organisation/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "secret": two_factor.secret_text(device),
            "qr_code": _qr_code_svg(device.config_url),
            "pending": second_factor_pending(request),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_recovery_codes(request):
    """New recovery codes, shown once, after setting up or after making new ones (POST), which
    ends the old ones."""
    next_url = _next_url(request)
    if request.method == "POST":
        if second_factor_pending(request) or two_factor.totp_device_for(request.user) is None:
            messages.error(request, "Set up your authenticator app and sign in with it first.")
            return redirect(_with_next("second_factor", next_url))
        request.session[two_factor.NEW_RECOVERY_CODES_KEY] = two_factor.recovery_codes_replace(
            user=request.user
        )
        return redirect(_with_next("second_factor_recovery_codes", next_url))
    codes = request.session.pop(two_factor.NEW_RECOVERY_CODES_KEY, None)
    if not codes:
        return render(
            request,
            "organisation/two_factor_recovery_codes.html",
            {"codes": None, "next": next_url, "left": _left(request)},
        )
    return render(
        request,
        "organisation/two_factor_recovery_codes.html",
        {"codes": codes, "next": next_url, "left": len(codes)},
    )


def _left(request) -> int | None:
    if two_factor.totp_device_for(request.user) is None:
        return None
    return two_factor.recovery_codes_left(request.user)
