"""What production relies on: a clean deploy check, a compose file naming every service, and a CI
stage that runs exactly what the compose file and the image run."""

import os
import re
import shlex
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


def stage_commands() -> list[str]:
    """The python, gunicorn and celery commands .ci/production runs, without quoting and
    redirections."""
    commands = []
    for line in (ROOT / ".ci" / "production").read_text().splitlines():
        if line.split(" ", 1)[0] in {"python", "gunicorn", "celery"}:
            command = re.split(r"\s[0-9]?>", line.strip())[0].rstrip(" &")
            commands.append(" ".join(shlex.split(command.replace("$", ""))))
    return commands


def same_schedule_file(command: str) -> str:
    # The stage keeps beat's schedule in its own temporary folder rather than /tmp.
    return re.sub(r"--schedule \S+", "--schedule FILE", command)


def test_the_ci_production_stage_runs_what_docker_compose_and_the_image_run():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    stage = [same_schedule_file(command) for command in stage_commands()]

    shell, flag, script = services["web"]["command"]
    assert (shell, flag) == ("sh", "-c")
    web = [part.strip().removeprefix("exec ") for part in script.split("&&")]
    assert web == [
        "python manage.py migrate --noinput",
        "gunicorn --config gunicorn.conf.py qaf.wsgi:application",
    ]
    for command in web:
        assert command in stage, f"the stage does not run: {command}"
    for name in ("worker", "beat"):
        command = same_schedule_file(" ".join(services[name]["command"]))
        assert command in stage, f"the stage does not run the {name}: {command}"

    dockerfile = (ROOT / "Dockerfile").read_text()
    collectstatic = re.search(
        r"^RUN .*?(python manage.py collectstatic --noinput)$", dockerfile, re.M
    )
    assert collectstatic and collectstatic[1] in stage
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M)[1]
    assert " ".join(yaml.safe_load(cmd)) == web[1]


def test_the_ci_production_stage_sets_every_variable_the_compose_file_sets():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    stage = (ROOT / ".ci" / "production").read_text()
    exported = set(re.findall(r"^export (\w+)=", stage, re.M))
    assert set(compose["x-app"]["environment"]) <= exported | {"SECRET_KEY"}
    assert re.search(r"^export SECRET_KEY$", stage, re.M)
    assert "export DEBUG=0" in stage
    assert "export QAF_BEHIND_PROXY=1" in stage
    assert "trap stop_everything EXIT" in stage


def test_ci_runs_the_production_stage_after_the_test_stages():
    run = (ROOT / ".ci" / "run").read_text()
    assert run.index(".ci/production") > run.rindex("make test")
    assert os.access(ROOT / ".ci" / "production", os.X_OK)
