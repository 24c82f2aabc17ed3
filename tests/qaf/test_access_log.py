"""Gunicorn's access and error logs never hold a survey link's token."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from qaf.access_log import PLACEHOLDER, RedactingLogger, redact_survey_tokens

TOKEN = "q3VbX9kz0PZ7Hn2Lr8sT4wYcA1dEfGh"


@pytest.fixture
def gunicorn_logger(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("logger_class", "qaf.access_log.RedactingLogger")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({raw_uri}e)s')
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    yield logger, tmp_path
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers:
            handler.close()


def request(path: str, *, referer: str = "-"):
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    return response, SimpleNamespace(headers=[("REFERER", referer)]), environ


def test_the_access_log_line_for_a_survey_page_shows_a_placeholder_not_the_token(gunicorn_logger):
    logger, folder = gunicorn_logger
    response, req, environ = request(
        f"/feedback/s/{TOKEN}/3/", referer=f"https://qaf.northmoor.example/feedback/s/{TOKEN}/2/"
    )
    logger.access(response, req, environ, timedelta(milliseconds=12))

    line = (folder / "access.log").read_text()
    assert TOKEN not in line
    assert f'"POST /feedback/s/{PLACEHOLDER}/3/ HTTP/1.1" 302' in line
    assert f'"https://qaf.northmoor.example/feedback/s/{PLACEHOLDER}/2/"' in line
    assert line.count(PLACEHOLDER) == 4


def test_other_pages_are_logged_as_they_were_asked_for(gunicorn_logger):
    logger, folder = gunicorn_logger
    for path in ("/audits/cases/?page=2", "/feedback/s/thanks/", "/feedback/links/12/"):
        response, req, environ = request(path)
        logger.access(response, req, environ, timedelta(milliseconds=3))
    text = (folder / "access.log").read_text()
    assert PLACEHOLDER not in text
    assert '"POST /feedback/s/thanks/ HTTP/1.1"' in text
    assert '"POST /audits/cases/?page=2 HTTP/1.1"' in text


def test_an_error_about_a_survey_request_keeps_the_token_out_of_the_error_log(gunicorn_logger):
    logger, folder = gunicorn_logger
    try:
        raise ValueError(f"bad request to /feedback/s/{TOKEN}/send/")
    except ValueError:
        logger.exception("Error handling request %s", f"/feedback/s/{TOKEN}/send/")
    text = (folder / "error.log").read_text()
    assert "Error handling request /feedback/s/[token]/send/" in text
    assert "ValueError: bad request to /feedback/s/[token]/send/" in text
    assert TOKEN not in text


@pytest.mark.parametrize(
    "logged",
    [
        f"/feedback/s/{TOKEN}/",
        f"/FEEDBACK/S/{TOKEN}",
        f"/feedback%2Fs%2F{TOKEN}%2F1%2F",
        f"https://qaf.northmoor.example/feedback/s/{TOKEN}/send/?x=1",
    ],
)
def test_a_token_is_taken_out_however_the_path_is_written(logged):
    redacted = redact_survey_tokens(logged)
    assert TOKEN not in redacted
    assert PLACEHOLDER in redacted


def test_the_gunicorn_config_file_uses_the_redacting_logger():
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    namespace: dict = {"__file__": str(path)}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102
    config = Config()
    for name in ("logger_class", "access_log_format", "workers", "accesslog"):
        config.set(name, namespace[name])
    assert config.logger_class is RedactingLogger
    assert config.workers == 2
    assert config.accesslog == "-"
    assert "%(r)s" in config.access_log_format
