import os
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from tests.conftest import require_or_skip

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_broker(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_healthz_answers_503_when_the_database_is_down(client, settings):
    settings.REDIS_URL = ""
    with mock.patch("qaf.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_says_when_the_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


@pytest.mark.services
def test_healthz_sees_a_live_redis_broker(client, settings):
    redis_url = os.environ.get("REDIS_URL", "")
    require_or_skip(bool(redis_url), what="Redis (REDIS_URL)", env_var="QAF_REQUIRE_SERVICES")
    settings.REDIS_URL = redis_url
    assert client.get(reverse("healthz")).json()["broker"] == "ok"
