from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("imports/", views.import_history, name="import_history"),
    path("imports/upload/", views.import_upload, name="import_upload"),
    path("imports/returns/upload/", views.return_upload, name="return_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", views.import_discard, name="import_discard"),
    path("teams/review/", views.team_review_list, name="team_review_list"),
    path("teams/review/<int:pk>/", views.team_review, name="team_review"),
    path("subject-access/", views.subject_access, name="subject_access"),
    path(
        "subject-access/<int:pk>/download/",
        views.subject_access_download,
        name="subject_access_download",
    ),
]
