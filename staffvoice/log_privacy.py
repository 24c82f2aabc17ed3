"""Answering a staff survey leaves nothing in a log or an error report that says who answered.

Django's request loggers attach the request (with its user, address and cookies) to a record for
an error; for a staff survey answer the request is dropped and the message keeps only the path,
which names the survey and nothing else. Gunicorn's access log leaves these requests out too
(``qaf.access_log``).
"""

import logging

from qaf.access_log import STAFF_VOICE_ANSWER

PATH_LOGGERS = ("django.request", "django.security.csrf", "django.server", "gunicorn.error")


class StaffAnswerRequestDropper(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and STAFF_VOICE_ANSWER.search(str(getattr(request, "path", ""))):
            record.request = None
        return True


def install() -> None:
    for name in PATH_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, StaffAnswerRequestDropper) for f in logger.filters):
            logger.addFilter(StaffAnswerRequestDropper())
