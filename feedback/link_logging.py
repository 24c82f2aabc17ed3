"""Survey-link tokens never reach a log.

Django logs every 4xx and 5xx response with its path ("Not Found: /feedback/s/<token>/"), and
runserver logs every request line. A token in a log is a working key to a child's form, so the
token part of a survey path is replaced before any handler sees the record.
"""

import logging

from qaf.access_log import SURVEY_TOKEN, redact_survey_tokens

# The loggers that write a request's path: Django's error responses, CSRF refusals, runserver,
# and gunicorn's error log ("Error handling request /feedback/s/..."). Gunicorn's access log
# is formatted by gunicorn itself and is not a logging call this filter can see.
PATH_LOGGERS = ("django.request", "django.security.csrf", "django.server", "gunicorn.error")


def redact(value):
    return redact_survey_tokens(value, placeholder="[link]") if isinstance(value, str) else value


class SurveyLinkRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: redact(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(redact(value) for value in record.args)
        request = getattr(record, "request", None)
        # Error e-mails and reports print the whole request; a survey request is left out.
        if request is not None and SURVEY_TOKEN.search(str(getattr(request, "path", ""))):
            record.request = None
        return True


def install() -> None:
    """Add the filter to each logger that writes paths (once, however often apps load)."""
    for name in PATH_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, SurveyLinkRedactor) for existing in logger.filters):
            logger.addFilter(SurveyLinkRedactor())
