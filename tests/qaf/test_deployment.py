"""What production relies on: a clean deploy check and a compose file naming every service."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    # A production-like environment: nothing inherited from the test run but the PATH.
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-7fa9c2e1b4d8",
        "ALLOWED_HOSTS": "qaf.northmoor.example",
        "QAF_BASE_URL": "https://qaf.northmoor.example",
        "DJANGO_SETTINGS_MODULE": "qaf.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_docker_compose_runs_web_worker_one_beat_db_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name in ("web", "db", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    assert any(volume.startswith("db-data:") for volume in services["db"]["volumes"])
    assert "db-data" in compose["volumes"]


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-7fa9c2e1b4d8",
        "ALLOWED_HOSTS": "qaf.northmoor.example",
        "DJANGO_SETTINGS_MODULE": "qaf.settings",
    }
    return {name: value for name, value in (env | overrides).items() if value}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_the_web_process_refuses_to_start_without_the_address_emails_link_to():
    result = run([sys.executable, "-c", "import qaf.wsgi"], production_env())
    assert result.returncode != 0
    assert "ImproperlyConfigured: QAF_BASE_URL is not set" in result.stderr

    started = run(
        [sys.executable, "-c", "import qaf.wsgi"],
        production_env(QAF_BASE_URL="https://qaf.northmoor.example"),
    )
    assert started.returncode == 0, started.stderr


def test_the_deploy_check_fails_when_the_email_address_of_the_service_has_a_path():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy"],
        production_env(QAF_BASE_URL="https://qaf.northmoor.example/moderation/"),
    )
    assert result.returncode != 0
    assert "qaf.E001" in result.stderr
    assert "QAF_BASE_URL must be the address of this service" in result.stderr


def test_a_developer_machine_needs_no_base_url():
    result = run(
        [
            sys.executable,
            "-c",
            "import qaf.wsgi; from django.conf import settings; print(settings.QAF_BASE_URL)",
        ],
        production_env(DEBUG="1", SECRET_KEY=""),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"
