"""Every list's download, as the people who may read the list: both formats open, hold the same
scoping as the page, keep hostile text inert, and are logged; the query count does not grow."""

import copy
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qaf.models import DownloadLog
from tests.conftest import build_world
from tests.matrix import ROLES, kept_for_the_module
from tests.test_url_matrix import ROUTES, extend_with_every_app

pytestmark = pytest.mark.django_db

# Each list or table page, and its download.
DOWNLOADS = {
    "audits:rounds_download": "audits:rounds",
    "audits:list_download": "audits:list",
    "moderation:list_download": "moderation:list",
    "moderation:actions_download": "moderation:actions",
    "moderation:follow_ups_download": "moderation:follow_ups",
    "feedback:monitoring_download": "feedback:monitoring",
    "feedback:alert_list_download": "feedback:alert_list",
    "feedback:complaint_list_download": "feedback:complaint_list",
    "kpis:dashboard_download": "kpis:dashboard",
    "kpis:kpi_detail_download": "kpis:kpi_detail",
}


@pytest.fixture(scope="module")
def _full_world_kept(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        extend_with_every_app(world)
        yield world


@pytest.fixture
def full_world(_full_world_kept, db):
    """The world with every app's objects, built once for the module; each test gets a copy."""
    return copy.deepcopy(_full_world_kept)


def _reader(route) -> str:
    return next(role for role in ("qa_officer", "director") if route.expected_for(role) == 200)


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_a_download_lets_in_exactly_who_its_page_lets_in(name):
    page, download = ROUTES[DOWNLOADS[name]], ROUTES[name]
    for role in ("anonymous", *ROLES):
        assert download.expected_for(role) == page.expected_for(role), role


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_the_page_links_to_its_download(client, full_world, name):
    route = ROUTES[DOWNLOADS[name]]
    client.force_login(getattr(full_world.users, _reader(route)))
    url = reverse(route.name, kwargs=route.kwargs(full_world) if route.kwargs else None)
    html = client.get(url, route.data(full_world) if route.data else None).content.decode()
    download = reverse(name, kwargs=route.kwargs(full_world) if route.kwargs else None)
    assert f'href="{download}?' in html
    assert "Download CSV" in html and "Download Excel" in html


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_download_opens_and_is_logged(client, full_world, name, fmt):
    route = ROUTES[name]
    reader = getattr(full_world.users, _reader(route))
    client.force_login(reader)
    url = reverse(name, kwargs=route.kwargs(full_world) if route.kwargs else None)
    data = (route.data(full_world) if route.data else {}) | {"format": fmt}
    response = client.get(url, data)
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows and all(rows[0])
    entry = DownloadLog.objects.get()
    assert (entry.user, entry.file_format, entry.rows) == (reader, fmt, len(rows) - 1)


@pytest.mark.parametrize("name", sorted(DOWNLOADS))
def test_a_bad_format_is_a_400(client, full_world, name):
    route = ROUTES[name]
    client.force_login(getattr(full_world.users, _reader(route)))
    url = reverse(name, kwargs=route.kwargs(full_world) if route.kwargs else None)
    assert client.get(url, {"format": "exe"}).status_code == 400
