from django.urls import path

from .views import case_audits, downloads, rounds, templates

app_name = "audits"

urlpatterns = [
    path("cases/", case_audits.audit_list, name="list"),
    path("cases/download/", downloads.audit_list_download, name="list_download"),
    path("cases/<int:pk>/", case_audits.audit_detail, name="detail"),
    path("cases/<int:pk>/history/", case_audits.audit_history, name="history"),
    path("cases/<int:pk>/grade/", case_audits.grading_tasks, name="grading"),
    path(
        "cases/<int:pk>/grade/domains/<int:domain_pk>/",
        case_audits.grading_domain,
        name="grading_domain",
    ),
    path("cases/<int:pk>/grade/overall/", case_audits.grading_overall, name="grading_overall"),
    path("cases/<int:pk>/grade/submit/", case_audits.grading_submit, name="grading_submit"),
    path(
        "cases/<int:pk>/conversations/add/",
        case_audits.conversation_add,
        name="conversation_add",
    ),
    path("cases/<int:pk>/safeguarding/", case_audits.concern_raise, name="concern_raise"),
    path(
        "cases/<int:pk>/safeguarding/<int:concern_pk>/",
        case_audits.concern_detail,
        name="concern",
    ),
    path("cases/<int:pk>/assign/", case_audits.audit_assign, name="assign"),
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/download/", downloads.rounds_download, name="rounds_download"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/sample/", rounds.round_sample, name="round_sample"),
    path("rounds/settings/", rounds.sampling_settings, name="sampling_settings"),
    path("rounds/templates/", templates.template_list, name="templates"),
    path("rounds/templates/<int:pk>/", templates.template_detail, name="template"),
    path("rounds/templates/draft/", templates.template_draft_create, name="template_draft_create"),
    path("rounds/templates/<int:pk>/publish/", templates.template_publish, name="template_publish"),
    path(
        "rounds/templates/<int:pk>/domains/add/",
        templates.template_domain_add,
        name="template_domain_add",
    ),
    path(
        "rounds/templates/domains/<int:domain_pk>/",
        templates.template_domain_edit,
        name="template_domain_edit",
    ),
    path(
        "rounds/templates/domains/<int:domain_pk>/remove/",
        templates.template_domain_remove,
        name="template_domain_remove",
    ),
]
