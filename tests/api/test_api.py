"""The read-only API: tokens open it, nothing else does; it answers bad periods and scopes with
400; it gives out figures only, with small numbers withheld."""

import pytest
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from tests.kpis.builders import snapshots_for

pytestmark = pytest.mark.django_db

ENDPOINTS = ["root", "scopes", "kpi_definitions", "kpis", "audit_outcomes", "voice", "schema"]


@pytest.fixture
def token(world):
    return api_token_create(name="Council BI", by=world.users.qa_officer)


def _get(client, name, raw=None, **params):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    return client.get(reverse(f"api:{name}"), params, headers=headers)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_endpoint_answers_a_token(client, token, name):
    response = _get(client, name, token.raw)
    assert response.status_code == 200, response.content[:500]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_no_token_is_refused_with_401(client, world, name):
    response = _get(client, name)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_does_not_open_the_api(client, world):
    client.force_login(world.users.qa_officer)
    assert _get(client, "kpis").status_code == 401


def test_a_revoked_token_is_refused_with_401(client, world, token):
    api_token_revoke(token=token.token, by=world.users.qa_officer)
    response = _get(client, "kpis", token.raw)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_unknown_token_is_refused_with_401(client, world, token):
    assert _get(client, "kpis", token.raw + "x").status_code == 401
    assert _get(client, "kpis", "nonsense").status_code == 401


def test_only_a_hash_of_the_token_is_kept(token):
    stored = ApiToken.objects.get(pk=token.token.pk)
    assert token.raw not in {stored.token_hash, stored.prefix, stored.name}
    assert len(stored.token_hash) == 64


def test_using_a_token_records_when_it_was_last_used(client, token):
    assert token.token.last_used_at is None
    _get(client, "scopes", token.raw)
    token.token.refresh_from_db()
    assert token.token.last_used_at is not None


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"period": "2026-13"}, "is not a month"),
        ({"period": "last month"}, "is not a month"),
        ({"period": "2999-01"}, "has not happened"),
        ({"scope": "region:1"}, "is not a part of the service"),
        ({"scope": "team:999999"}, "no team"),
        ({"scope": "area:999999"}, "no service area"),
    ],
)
@pytest.mark.parametrize("name", ["kpis", "audit_outcomes", "voice"])
def test_a_bad_period_or_scope_is_a_400_that_says_why(client, token, name, params, words):
    response = _get(client, name, token.raw, **params)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_an_unknown_grouping_is_a_400(client, token):
    response = _get(client, "audit_outcomes", token.raw, group_by="child")
    assert response.status_code == 400
    assert "not a grouping" in response.json()["detail"]


def test_kpi_snapshots_for_a_team_withhold_small_numbers(client, world, token):
    period = snapshots_for(world, months=1)
    response = _get(
        client, "kpis", token.raw, period=f"{period:%Y-%m}", scope=f"team:{world.team_a.pk}"
    )
    rows = response.json()["results"]
    assert rows
    for row in rows:
        assert row["scope"] == f"team:{world.team_a.pk}"
        if row["suppressed"]:
            assert row["numerator"] is None and row["value"] is None
        else:
            assert row["numerator"] >= 10
            assert row["denominator"] is None or row["denominator"] >= 10
    assert any(row["suppressed"] for row in rows)
    assert any(not row["suppressed"] for row in rows)


def test_the_kpi_list_is_paged(client, world, token):
    period = snapshots_for(world, months=1)
    response = _get(client, "kpis", token.raw, period=f"{period:%Y-%m}", page_size=5)
    body = response.json()
    assert len(body["results"]) == 5
    assert body["count"] > 5
    assert "page=2" in body["next"]


def test_kpi_definitions_carry_targets_and_thresholds(client, token):
    rows = _get(client, "kpi_definitions", token.raw).json()["results"]
    assert {"code", "title", "definition", "target", "green_from", "amber_from"} <= set(rows[0])


def test_the_schema_describes_the_endpoints(client, token):
    response = _get(client, "schema", token.raw, format="json")
    paths = response.json()["paths"]
    assert "/api/v1/kpis/" in paths
    assert "/api/v1/audit-outcomes/" in paths
