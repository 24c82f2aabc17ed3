from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.page_list, name="page_list"),
    path("<slug:slug>/change/", views.page_edit, name="page_edit"),
    path("<slug:slug>/history/", views.page_history_view, name="page_history"),
    path("<slug:slug>/versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("<slug:slug>/versions/<int:pk>/restore/", views.version_restore, name="version_restore"),
]
