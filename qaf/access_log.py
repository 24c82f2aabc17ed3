"""Gunicorn logging that never writes a survey link's token.

A survey link (``/feedback/s/<token>/...``) is the only key a child needs to open their form, so
the token must not sit in log files that many people can read. Gunicorn logs the request line,
the path, the Referer (a survey page's own requests carry it) and, on errors, the URI; this
logger class replaces the token in all of them with ``[token]`` before anything is written.
Used through ``logger_class`` in gunicorn.conf.py.

An anonymous staff survey answer (``/staff-voice/surveys/<id>/answer/``) is not written to the
access log at all: its line would hold the person's address and the moment they answered.
"""

import logging
import re
from urllib.parse import unquote

from gunicorn import glogging

PLACEHOLDER = "[token]"
# The token segment after /feedback/s/; "thanks" is the shared thank-you page, not a token.
SURVEY_TOKEN = re.compile(r"(/feedback/s/)(?!thanks(?:[/?#\s\"]|$))[^/?#\s\"]+", re.IGNORECASE)
# The page where staff answer an anonymous survey (the form and its POST).
STAFF_VOICE_ANSWER = re.compile(r"^/staff-voice/surveys/[^/]+/answer/?$", re.IGNORECASE)


def redact_survey_tokens(text: str, placeholder: str = PLACEHOLDER) -> str:
    """``text`` with every survey token replaced by a placeholder, however the path was encoded
    (``/feedback%2Fs%2F<token>`` reaches the same page, so it is caught too)."""
    redacted = SURVEY_TOKEN.sub(rf"\1{placeholder}", text)
    decoded = unquote(redacted)
    if decoded != redacted and SURVEY_TOKEN.search(decoded.replace(placeholder, "")):
        redacted = SURVEY_TOKEN.sub(rf"\1{placeholder}", decoded)
    return redacted


class SurveyTokenFilter(logging.Filter):
    """Rewrite a record's message (and traceback) without survey tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_survey_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_survey_tokens(record.exc_text)
        return True


def is_staff_voice_answer(path: str) -> bool:
    """Whether ``path`` (however encoded) is the anonymous staff survey's answer page."""
    return bool(
        STAFF_VOICE_ANSWER.search(path or "") or STAFF_VOICE_ANSWER.search(unquote(path or ""))
    )


class RedactingLogger(glogging.Logger):
    """Gunicorn's logger, with survey tokens taken out of the access and error logs, and no
    access line at all for an anonymous staff survey answer."""

    def access(self, resp, req, environ, request_time) -> None:
        if is_staff_voice_answer(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(existing, SurveyTokenFilter) for existing in log.filters):
                log.addFilter(SurveyTokenFilter())
