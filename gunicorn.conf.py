"""Gunicorn settings for the web process: the same file in the image (Dockerfile),
docker-compose.yml, the CI production stage (.ci/production) and `python -m bench load`.

Run as: gunicorn --config gunicorn.conf.py qaf.wsgi:application
"""

import os

# Where to listen; the CI stage and the benchmark set a loopback port.
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
# Two synchronous workers per container; scale out with more containers behind the balancer.
workers = 2
timeout = 30
graceful_timeout = 20

# Access log to stdout, without survey tokens (qaf/access_log.py); the milliseconds at the end.
# GUNICORN_ACCESS_LOG names another file, or, empty, turns it off (the load benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
logger_class = "qaf.access_log.RedactingLogger"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
