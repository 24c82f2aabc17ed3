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


def test_gunicorn_gets_production_settings(monkeypatch):
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


def test_the_bench_uses_its_own_redis_database_never_the_one_it_was_given(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    redis_url = load.bench_redis_url()
    assert redis_url == f"redis://127.0.0.1:6379/{load.BENCH_REDIS_DB}"
    env = load.production_env("postgres://postgres@127.0.0.1:5432/qaf_bench", redis_url)
    assert env["REDIS_URL"] == redis_url


def test_without_redis_the_bench_runs_tasks_in_process(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert load.bench_redis_url() is None
