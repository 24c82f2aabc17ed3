from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/summary/", views.report_narrative, name="narrative"),
    path("<int:pk>/count-again/", views.report_regenerate_view, name="regenerate"),
    path("<int:pk>/download.pdf", views.report_pdf_download, name="pdf"),
    path("<int:pk>/download.xlsx", views.report_xlsx_download, name="xlsx"),
    path("<int:pk>/<str:action>/", views.report_move_view, name="move"),
]
