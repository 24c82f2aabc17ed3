"""The public pages at the site's root: their names (``values``, ``guide``, ``guide_children``,
``take_part``) are the service's contract, so they are not namespaced."""

from django.urls import path

from . import views

urlpatterns = [
    path("values/", views.public_page, {"slug": "values"}, name="values"),
    path("guide/", views.public_page, {"slug": "guide"}, name="guide"),
    path(
        "guide/children/",
        views.public_page,
        {"slug": "guide-children"},
        name="guide_children",
    ),
    path("take-part/", views.public_page, {"slug": "take-part"}, name="take_part"),
]
