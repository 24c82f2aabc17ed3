from django.urls import path

from . import views
from .views import downloads

app_name = "kpis"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/", downloads.dashboard_download, name="dashboard_download"),
    path("team/", views.team, name="team"),
    path("me/", views.me, name="me"),
    path("measures/", views.measures, name="measures"),
    path("measures/<str:code>/", views.measure_detail, name="measure_detail"),
    path("targets/", views.targets, name="targets"),
    path("targets/<str:code>/", views.target_edit, name="target_edit"),
    path("returns/<int:pk>/", views.return_cross_check, name="return_cross_check"),
    path("<str:code>/", views.kpi_detail, name="kpi_detail"),
    path("<str:code>/children/", views.kpi_children, name="kpi_children"),
    path("<str:code>/download/", downloads.kpi_detail_download, name="kpi_detail_download"),
]
