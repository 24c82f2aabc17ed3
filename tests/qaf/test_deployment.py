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
