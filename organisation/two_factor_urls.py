"""The two-factor steps, under /accounts/two-factor/ beside the other account pages. Their names
are not namespaced, as Django's own sign-in pages' are not."""

from django.urls import path

from . import two_factor_views as views

urlpatterns = [
    path("", views.second_factor, name="second_factor"),
    path("set-up/", views.second_factor_setup, name="second_factor_setup"),
    path(
        "recovery-codes/", views.second_factor_recovery_codes, name="second_factor_recovery_codes"
    ),
]
