import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaf.settings")
application = get_wsgi_application()

from qaf.checks import require_base_url  # noqa: E402 - needs the settings above

# Refuse to serve pages, rather than later send emails whose links go nowhere.
require_base_url()
