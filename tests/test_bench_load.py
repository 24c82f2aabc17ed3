"""The load benchmark's helpers, on a tiny scale: the links it makes open, and the gunicorn it
starts gets production settings. Rates are never checked here."""

import pytest

from bench import load
from tests.factories import AllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db


def test_survey_links_are_fresh_links_a_child_can_open(client, world):
    from feedback.services import survey_defaults_install

    survey_defaults_install()
    AllocationFactory(child=ChildFactory(child_id="C0000002"), team=world.team_a)
    links = load.survey_links(2)
    assert len(links) == 2
    assert len(set(links)) == 2
    for link in links:
        assert "Start" in client.get(link).text


def test_gunicorn_gets_production_settings_without_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("QAF_HTTPS", "0")
    env = load.production_env("postgres://postgres@127.0.0.1:5432/qaf_bench")
    assert env["DEBUG"] == "0"
    assert env["QAF_BEHIND_PROXY"] == "1"
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/qaf_bench"
    assert env["GUNICORN_BIND"].startswith("127.0.0.1:")
    assert "REDIS_URL" not in env
    assert "QAF_HTTPS" not in env
    assert len(env["SECRET_KEY"]) >= 50
