from django.urls import path

from .views import downloads, links, monitoring, participation, public, registers, surveys

app_name = "feedback"

urlpatterns = [
    # Children and families, with no account: the link's token is the only key.
    path("s/thanks/", public.survey_thanks_page, name="survey_thanks"),
    path("s/<str:token>/", public.survey_start_page, name="survey_start"),
    path("s/<str:token>/<int:number>/", public.survey_question_page, name="survey_question"),
    path("s/<str:token>/send/", public.survey_check_page, name="survey_check"),
    path("you-said-we-did/", public.you_said_we_did_public, name="you_said_we_did_public"),
    # Monthly monitoring, comments and "You said, we did".
    path("", monitoring.monitoring, name="monitoring"),
    path("download/", downloads.monitoring_download, name="monitoring_download"),
    path("comments/", monitoring.comments, name="comments"),
    path("you-said-we-did/all/", monitoring.you_said_we_did_list, name="you_said_we_did_list"),
    path("you-said-we-did/new/", monitoring.you_said_we_did_create, name="you_said_we_did_create"),
    path(
        "you-said-we-did/<int:pk>/change/",
        monitoring.you_said_we_did_edit,
        name="you_said_we_did_edit",
    ),
    # Safeguarding alerts.
    path("alerts/", monitoring.alert_list, name="alert_list"),
    path("alerts/download/", downloads.alert_list_download, name="alert_list_download"),
    path("alerts/<int:pk>/", monitoring.alert_detail, name="alert_detail"),
    # Practitioners' links.
    path("links/", links.invitation_list, name="invitation_list"),
    path("links/new/", links.invitation_create_view, name="invitation_create"),
    path("links/<int:pk>/", links.invitation_detail, name="invitation_detail"),
    path("links/<int:pk>/make-link/", links.invitation_make_link, name="invitation_make_link"),
    path("links/<int:pk>/cancel/", links.invitation_cancel_view, name="invitation_cancel"),
    # Surveys and worrying phrases (QA officers).
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_create_view, name="survey_create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/change/", surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/questions/new/", surveys.question_create, name="question_create"),
    path("surveys/<int:pk>/publish/", surveys.survey_publish_view, name="survey_publish"),
    path("surveys/<int:pk>/retire/", surveys.survey_retire_view, name="survey_retire"),
    path(
        "surveys/<int:pk>/new-version/",
        surveys.survey_new_version_view,
        name="survey_new_version",
    ),
    path("questions/<int:pk>/change/", surveys.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", surveys.question_delete, name="question_delete"),
    path("worrying-words/", surveys.phrase_list, name="phrase_list"),
    path("worrying-words/<int:pk>/remove/", surveys.phrase_remove, name="phrase_remove"),
    # Complaints and compliments.
    path("complaints/", registers.complaint_list, name="complaint_list"),
    path("complaints/download/", downloads.complaint_list_download, name="complaint_list_download"),
    path("complaints/new/", registers.complaint_create, name="complaint_create"),
    path("complaints/summary/", registers.complaint_summary, name="complaint_summary"),
    path("complaints/<int:pk>/", registers.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/change/", registers.complaint_edit, name="complaint_edit"),
    path(
        "complaints/<int:pk>/respond/", registers.complaint_respond_view, name="complaint_respond"
    ),
    path(
        "complaints/<int:pk>/next-stage/",
        registers.complaint_escalate_view,
        name="complaint_escalate",
    ),
    path("complaints/<int:pk>/close/", registers.complaint_close_view, name="complaint_close"),
    path(
        "complaints/<int:pk>/pass-on/",
        registers.compliment_pass_on_view,
        name="compliment_pass_on",
    ),
    # Participation groups.
    path("participation/", participation.participation_list, name="participation_list"),
    path(
        "participation/groups/new/", participation.group_create, name="participation_group_create"
    ),
    path("participation/groups/<int:pk>/", participation.group_detail, name="participation_group"),
    path(
        "participation/groups/<int:pk>/change/",
        participation.group_edit,
        name="participation_group_edit",
    ),
    path("participation/new/", participation.participation_create, name="participation_create"),
    path(
        "participation/<int:pk>/", participation.participation_detail, name="participation_detail"
    ),
    path(
        "participation/<int:pk>/change/",
        participation.participation_edit,
        name="participation_edit",
    ),
    path(
        "participation/<int:pk>/recommendations/new/",
        participation.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "participation/recommendations/",
        participation.recommendations_mine,
        name="recommendations_mine",
    ),
    path(
        "participation/recommendations/<int:pk>/",
        participation.recommendation_answer,
        name="recommendation_answer",
    ),
]
