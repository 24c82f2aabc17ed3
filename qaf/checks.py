"""Settings production cannot run without, checked by ``manage.py check`` (and ``migrate``) and
again where the service starts: the web process (wsgi.py) and the Celery worker."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def base_url_problem() -> str:
    """What is wrong with QAF_BASE_URL, or "" when links in emails will reach the service."""
    base_url = settings.QAF_BASE_URL
    if not base_url:
        return (
            "QAF_BASE_URL is not set. Set it to the public address of this service, such as "
            "https://qaf.northmoor.example, so that links in emails work."
        )
    parts = urlsplit(base_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        return (
            "QAF_BASE_URL must be the address of this service and nothing more, such as "
            f"https://qaf.northmoor.example, not {base_url!r}."
        )
    return ""


def require_base_url() -> None:
    """Refuse to start a process that would email links to nowhere."""
    problem = base_url_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@checks.register()
def base_url_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    problem = base_url_problem()
    return [checks.Error(problem, id="qaf.E001")] if problem else []
