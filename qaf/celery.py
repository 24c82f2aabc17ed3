"""The Celery app. With no REDIS_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaf.settings")

app = Celery("qaf")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_to_start_without_production_settings(**kwargs) -> None:
    # The worker sends the emails: without the service's address their links would go nowhere.
    # Celery logs and swallows exceptions from signal handlers, so leave with SystemExit.
    from qaf.checks import base_url_problem

    problem = base_url_problem()
    if problem:
        raise SystemExit(f"ImproperlyConfigured: {problem}")
