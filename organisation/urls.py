from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("areas/new/", views.area_edit, name="area_add"),
    path("areas/<int:pk>/", views.area_edit, name="area"),
    path("teams/new/", views.team_add, name="team_add"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path(
        "people/<int:pk>/two-factor/reset/",
        views.person_second_factor_reset,
        name="person_second_factor_reset",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("absences/<int:pk>/remove/", views.absence_remove, name="absence_remove"),
    path("staff/imports/", views.staff_imports, name="staff_imports"),
    path("staff/upload/", views.staff_import_upload, name="staff_import_upload"),
    path("staff/imports/<int:pk>/", views.staff_import_detail, name="staff_import_detail"),
    path(
        "staff/imports/<int:pk>/confirm/",
        views.staff_import_confirm_view,
        name="staff_import_confirm",
    ),
    path(
        "staff/imports/<int:pk>/cancel/",
        views.staff_import_discard_view,
        name="staff_import_discard",
    ),
    path("workers/", views.workers, name="workers"),
    path("workers/<int:pk>/match/", views.worker_match, name="worker_match"),
]
