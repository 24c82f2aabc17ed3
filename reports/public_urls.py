"""The published yearly summary on the public site, at /our-year/<year>/ (the year it starts)."""

from django.urls import path

from . import views

urlpatterns = [
    path("our-year/<int:year>/", views.yearly_summary_public, name="yearly_summary"),
]
