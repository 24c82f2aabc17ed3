from django.urls import path

from .views import downloads, follow_ups, learning, loop, moderations

app_name = "moderation"

urlpatterns = [
    # Each menu item's pages share a prefix that no other item's pages start with.
    path("moderations/", moderations.moderation_list, name="list"),
    path("moderations/download/", downloads.moderation_list_download, name="list_download"),
    path("moderations/<int:pk>/", moderations.moderation_detail, name="detail"),
    path("moderations/<int:pk>/record/", moderations.moderation_record, name="record"),
    path("moderations/<int:pk>/assign/", moderations.moderation_assign, name="assign"),
    path("notes/", moderations.learning_note_list, name="notes"),
    path("notes/<int:pk>/", moderations.learning_note, name="note"),
    path("audits/to-give/", loop.to_give_list, name="to_give"),
    path("audits/<int:pk>/", loop.loop_case, name="case"),
    path("audits/<int:pk>/history/", loop.loop_history_page, name="history"),
    path("audits/<int:pk>/themes/", loop.grading_themes, name="grading_themes"),
    path("audits/<int:pk>/actions/add/", loop.action_add, name="action_add"),
    path("audits/<int:pk>/feedback/", loop.feedback_give, name="feedback_give"),
    path("audits/<int:pk>/feedback/none/", loop.feedback_skip, name="feedback_skip"),
    path("actions/", loop.action_list, name="actions"),
    path("actions/download/", downloads.action_list_download, name="actions_download"),
    path("actions/<int:pk>/", loop.action_detail, name="action"),
    path("feedback/", loop.feedback_list, name="feedback_list"),
    path("feedback/<int:pk>/", loop.feedback_detail, name="feedback"),
    path("follow-ups/", follow_ups.follow_up_list, name="follow_ups"),
    path("follow-ups/download/", downloads.follow_up_list_download, name="follow_ups_download"),
    path("follow-ups/<int:pk>/", follow_ups.follow_up_detail, name="follow_up"),
    path("escalations/", follow_ups.escalation_list, name="escalations"),
    path("escalations/<int:pk>/", follow_ups.escalation_detail, name="escalation"),
    path("learning/", learning.learning_summary, name="learning"),
    path("learning/themes/", learning.theme_list, name="themes"),
    path("learning/themes/add/", learning.theme_add, name="theme_add"),
    path("learning/themes/<int:pk>/", learning.theme_edit, name="theme_edit"),
    path("learning/activities/", learning.activity_list, name="activities"),
    path("learning/activities/add/", learning.activity_add, name="activity_add"),
]
