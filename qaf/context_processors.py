from django.conf import settings
from django.urls import reverse

from . import navigation


def service(request):
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        current = request.path
        for link in navigation.links_for(user):
            url = reverse(link.url_name)
            active = current == url if url == "/" else current.startswith(url)
            nav.append({"label": link.label, "url": url, "active": active})
    return {
        "service_name": settings.QAF_SERVICE_NAME,
        "council_name": settings.QAF_COUNCIL_NAME,
        "service_navigation": nav,
    }
