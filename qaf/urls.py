from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import (
    GovukAuthenticationForm,
    GovukPasswordChangeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
)

admin.site.site_header = "QAF administration"
admin.site.site_title = "QAF administration"

account_patterns = [
    path(
        "login/",
        views.SignInView.as_view(
            authentication_form=GovukAuthenticationForm,
            redirect_authenticated_user=True,
            extra_context={"oidc_enabled": settings.QAF_OIDC_ENABLED},
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=GovukPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=GovukPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=GovukSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("messages/", views.notifications, name="notifications"),
    path(
        "messages/read-all/",
        views.notifications_mark_all_read,
        name="notifications_mark_all_read",
    ),
    path("messages/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # The service's own public pages: QA officers write them under /pages/.
    path("", include("pages.public_urls")),
    path("pages/", include("pages.urls")),
    # The published yearly summary, on the public site; the reports themselves under /reports/.
    path("", include("reports.public_urls")),
    path("reports/", include("reports.urls")),
    path("accounts/", include(account_patterns)),
    path("accounts/two-factor/", include("organisation.two_factor_urls")),
    path("casework/", include("casework.urls")),
    path("audits/", include("audits.urls")),
    path("moderation/", include("moderation.urls")),
    path("feedback/", include("feedback.urls")),
    path("kpis/", include("kpis.urls")),
    path("staff-voice/", include("staffvoice.urls")),
    path("organisation/", include("organisation.urls")),
    path("api/", include("api.urls")),
    path("partnership/", include("partnership.urls")),
    path("admin/", admin.site.urls),
]
if settings.QAF_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
