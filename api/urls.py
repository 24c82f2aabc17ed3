from django.urls import path

from . import api_views, views

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/", views.token_detail, name="token"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("v1/", api_views.ApiRoot.as_view(), name="root"),
    path("v1/scopes/", api_views.ScopeList.as_view(), name="scopes"),
    path("v1/kpi-definitions/", api_views.KpiDefinitionList.as_view(), name="kpi_definitions"),
    path("v1/kpis/", api_views.KpiSnapshotList.as_view(), name="kpis"),
    path("v1/audit-outcomes/", api_views.AuditOutcomeList.as_view(), name="audit_outcomes"),
    path("v1/voice/", api_views.VoiceSummary.as_view(), name="voice"),
    path("v1/schema/", api_views.Schema.as_view(), name="schema"),
]
