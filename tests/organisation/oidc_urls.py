"""The project's URLs with single sign-on switched on, as OIDC_RP_CLIENT_ID would."""

from django.urls import include, path

from qaf.urls import urlpatterns as project_patterns

urlpatterns = [*project_patterns, path("oidc/", include("mozilla_django_oidc.urls"))]
