from django.urls import path

from . import views

app_name = "staffvoice"

urlpatterns = [
    path("", views.home, name="home"),
    # Answering: the address names the survey only.
    path("surveys/<int:pk>/answer/", views.survey_answer, name="survey_answer"),
    path("surveys/thanks/", views.survey_thanks, name="survey_thanks"),
    # Building surveys and checking comments (QA officers); results.
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/results/", views.survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/<str:action>/", views.survey_move, name="survey_move"),
    path("comments/", views.comment_list, name="comment_list"),
    path("comments/<uuid:pk>/check/", views.comment_check, name="comment_check"),
    # Quality circles.
    path("circles/", views.circle_list, name="circle_list"),
    path("circles/new/", views.circle_create, name="circle_create"),
    path("circles/<int:pk>/", views.circle_detail, name="circle_detail"),
    path("circles/<int:pk>/members/new/", views.circle_member_add, name="circle_member_add"),
    path(
        "circles/<int:pk>/meetings/new/", views.circle_meeting_create, name="circle_meeting_create"
    ),
    path("suggestions/<int:pk>/answer/", views.suggestion_answer, name="suggestion_answer"),
    # Recognition.
    path("recognition/", views.recognition, name="recognition"),
    path("recognition/new/", views.recognition_create, name="recognition_create"),
    path("recognition/teams/<int:pk>/", views.team_recognition, name="team_recognition"),
    path("monitoring/", views.monitoring, name="monitoring"),
]
