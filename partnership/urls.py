from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("auditors/<int:pk>/invite/", views.auditor_invite, name="auditor_invite"),
    path("audits/new/", views.audit_create_view, name="audit_create"),
    path("audits/<int:pk>/", views.audit_detail_view, name="audit"),
    path("audits/<int:pk>/cases/add/", views.case_add, name="case_add"),
    path("audits/<int:pk>/cases/pick/", views.case_pick, name="case_pick"),
    path("audits/<int:pk>/agencies/add/", views.agency_add, name="agency_add"),
    path("audits/<int:pk>/open/", views.audit_open_view, name="audit_open"),
    path("audits/<int:pk>/finish/", views.audit_finish_view, name="audit_finish"),
    path("audits/<int:pk>/cases/<int:case_pk>/", views.case_detail, name="case"),
    path("audits/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("audits/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("audits/<int:pk>/report/", views.audit_report, name="audit_report"),
    path("sections/<int:pk>/", views.section_detail, name="section"),
    path("sections/<int:pk>/cases/<int:case_pk>/", views.section_answer, name="section_answer"),
    path("sections/<int:pk>/submit/", views.section_submit_view, name="section_submit"),
    path("sections/<int:pk>/withdraw/", views.section_withdraw_view, name="section_withdraw"),
    path("actions/<int:pk>/complete/", views.action_complete_view, name="action_complete"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("reports/quarter/", views.quarter_report, name="quarter_report"),
]
