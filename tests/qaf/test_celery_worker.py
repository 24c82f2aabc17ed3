"""A real Celery worker against Redis picks up a task and completes it."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from qaf.celery import app as celery_app
from qaf.tasks import ping
from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.services
def test_a_real_worker_completes_a_task_sent_through_redis():
    redis_url = os.environ.get("REDIS_URL", "")
    require_or_skip(bool(redis_url), what="Redis (REDIS_URL)", env_var="QAF_REQUIRE_SERVICES")
    queue = f"test-{uuid.uuid4().hex}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "qaf",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=os.environ | {"REDIS_URL": redis_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_url
    celery_app.conf.result_backend = redis_url
    try:
        result = ping.apply_async(queue=queue)
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        celery_app.conf.task_always_eager = True
    assert worker.returncode is not None, output
