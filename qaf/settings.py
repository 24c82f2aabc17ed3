"""Settings for QAF, read from the environment (twelve-factor).

With no DATABASE_URL the app uses SQLite; with no REDIS_URL Celery runs tasks eagerly in-process.
Production behaviour is switched by environment variables, never by another settings module.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env(
        "SECRET_KEY", default="insecure-development-key-only-for-debug-mode-0000000000"
    )
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "axes",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "qaf",
    "casework",
    "audits",
    "moderation",
    "feedback",
    "kpis",
    "staffvoice",
    "pages",
    "reports",
    "organisation",
    "api",
    "partnership",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, already compressed (brotli or gzip) and cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are gzipped after every middleware below has finished with the body (Django pads
    # the gzip header at random, its mitigation for BREACH; CSRF tokens are masked too).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qaf.middleware.SessionIdleTimeoutMiddleware",
    # Someone who has given a password but still owes a code sees only the two-factor steps.
    "qaf.middleware.SecondFactorMiddleware",
    "qaf.middleware.SignedInPagesNotStoredMiddleware",
    "qaf.middleware.PartnerScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qaf.urls"
WSGI_APPLICATION = "qaf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qaf.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "qaf.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on by OpenID Connect (e.g. Microsoft Entra ID): off unless OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="")
QAF_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email profile")
OIDC_MATCH_BY = env("OIDC_MATCH_BY", default="email")  # "email" or "object_id"
OIDC_CREATE_USER = False  # only people the service already knows may sign in
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
if QAF_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("organisation.oidc.CouncilOIDCBackend")
# Two-factor authentication (organisation/two_factor.py): password accounts with a staff role
# give a code from an authenticator app, or a recovery code, after their password. The demo
# accounts are let off only on a developer's machine: never with DEBUG off, whatever is set.
QAF_2FA_DEMO_EXEMPT = DEBUG and env.bool("QAF_2FA_DEMO_EXEMPT", default=True)
OTP_TOTP_ISSUER = env("QAF_COUNCIL_NAME", default="Northmoor Council") + " QAF"
# After each wrong code the next is refused for 1, 2, 4, 8 ... seconds (at most an hour).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The real client address, for every per-address limit: how many proxies (load balancers) in
# front of us append to X-Forwarded-For. 0 believes only REMOTE_ADDR; QAF_BEHIND_PROXY means 1.
QAF_TRUSTED_PROXY_COUNT = env.int(
    "QAF_TRUSTED_PROXY_COUNT", default=1 if env.bool("QAF_BEHIND_PROXY", default=False) else 0
)

# Login lockout: five wrong passwords for one username from one address lock that pair for
# 15 minutes (never the username everywhere, which anyone could do to a colleague), and one
# address trying many usernames is refused for the same time after QAF_SIGNIN_ADDRESS_LIMIT.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "qaf.signin_lockout.SigninLockoutHandler"
AXES_CLIENT_IP_CALLABLE = "qaf.client_address.client_address"
QAF_SIGNIN_ADDRESS_LIMIT = env.int("QAF_SIGNIN_ADDRESS_LIMIT", default=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Session idle timeout: the session lasts this long after the last request. Rather than write the
# session on every request, qaf.middleware.SessionIdleTimeoutMiddleware pushes its expiry back at
# most once in QAF_SESSION_REFRESH_SECONDS, so the timeout holds to within that.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False
QAF_SESSION_REFRESH_SECONDS = env.int("QAF_SESSION_REFRESH_SECONDS", default=60)
# A person's My work is kept this long in the cache; a change to anything it shows drops it at
# once (qaf.work). 0 works it out on every page.
QAF_MY_WORK_CACHE_SECONDS = env.int("QAF_MY_WORK_CACHE_SECONDS", default=60)
# The KPI dashboard's drawn tiles are kept this long in the cache; a new snapshot, target or note
# drops them at once (kpis.cache). 0 draws them on every page.
QAF_KPI_CACHE_SECONDS = env.int("QAF_KPI_CACHE_SECONDS", default=3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS and its headers are on unless DEBUG is on or QAF_HTTPS=0 (tests over plain HTTP).
HTTPS = env.bool("QAF_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("QAF_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Content Security Policy: our own origin only, and no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files after collectstatic; plain files where it has not run (tests).
STATIC_MANIFEST = env.bool("QAF_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads are never served back; this is where imports keep files while they are previewed.
QAF_PRIVATE_UPLOAD_DIR = env.path("QAF_PRIVATE_UPLOAD_DIR", default=BASE_DIR / "var" / "uploads")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The read-only API for BI tools (the api app): its views name their own token authentication,
# so nothing here opens the API to a signed-in session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QAF API for BI tools",
    "DESCRIPTION": (
        "Read-only figures of the Quality Assurance Framework: KPI definitions and monthly "
        "snapshots, audit outcomes and voice, as totals only. Counts under 10 are withheld "
        "(null), with the next-smallest count in the same row or column. Send a token made by a "
        "QA officer as 'Authorization: Bearer <token>'."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="qaf@northmoor.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Tasks take ids, are idempotent and safe to run twice (acks_late).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task that was never acknowledged (its worker died) to another worker after this
# many seconds. With acks_late a running task is unacknowledged too, so no task may run that long:
# the hard time limit ends it a minute before it could be delivered twice at once.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_TIME_LIMIT = max(CELERY_VISIBILITY_TIMEOUT - 60, 30)
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_VISIBILITY_TIMEOUT - 120, 20)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # One entry per scheduled job; each also runs by hand from manage.py.
    # Hourly, and a no-op until the month's first working day and once the month is sampled:
    # run_monthly_sampling.
    "audits-monthly-sampling": {
        "task": "audits.tasks.monthly_sampling",
        "schedule": timedelta(hours=1),
    },
    # Daily; each reminder is sent once: send_grading_reminders.
    "audits-grading-reminders": {
        "task": "audits.tasks.grading_reminders",
        "schedule": timedelta(days=1),
    },
    # Hourly, so a safeguarding concern from an audit that nobody has acknowledged escalates
    # within the hour it falls due: escalate_safeguarding_concerns.
    "audits-escalate-safeguarding-concerns": {
        "task": "audits.tasks.escalate_safeguarding_concerns",
        "schedule": timedelta(hours=1),
    },
    # Hourly, so an unchecked safeguarding alert escalates within the hour it falls due.
    "feedback-escalate-safeguarding-alerts": {
        "task": "feedback.tasks.escalate_safeguarding_alerts",
        "schedule": timedelta(hours=1),
    },
    "feedback-create-closure-invitations": {
        "task": "feedback.tasks.create_closure_invitations",
        "schedule": timedelta(days=1),
    },
    "feedback-expire-links": {
        "task": "feedback.tasks.expire_feedback_links",
        "schedule": timedelta(days=1),
    },
    # Daily, and a no-op once the quarter that ended last has its report: draft_quarterly_report.
    "reports-draft-quarterly": {
        "task": "reports.tasks.draft_quarterly_report",
        "schedule": timedelta(days=1),
    },
    # Daily: last month's KPI snapshots (recomputed while late data settles) and this month's
    # so far: compute_kpis --period YYYY-MM.
    "kpis-compute-monthly": {
        "task": "kpis.tasks.compute_kpis_monthly",
        "schedule": timedelta(days=1),
    },
    # Case data put in the drop folder (e.g. the nightly export) is imported within the hour.
    # By hand: manage.py import_drop_folder
    "casework-import-drop-folder": {
        "task": "casework.tasks.import_drop_folder",
        "schedule": timedelta(hours=1),
    },
    # Daily; each reminder and escalation is sent once: send_daily_reminders.
    "moderation-daily-reminders": {
        "task": "moderation.tasks.daily_reminders",
        "schedule": timedelta(days=1),
    },
    # Daily; each review is created once, three months after the final grade:
    # create_follow_up_reviews.
    "moderation-follow-up-reviews": {
        "task": "moderation.tasks.create_follow_up_reviews",
        "schedule": timedelta(days=1),
    },
    # Daily: multi-agency actions' follow-ups three months on, escalations to the chair, and
    # reminders of agency sections due; each sent once: run_partnership_daily.
    "partnership-daily": {
        "task": "partnership.tasks.partnership_daily",
        "schedule": timedelta(days=1),
    },
    # Daily; deletes or anonymises what is past its retention period: apply_retention.
    "qaf-apply-retention": {
        "task": "qaf.tasks.apply_retention",
        "schedule": timedelta(days=1),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Failed-login details name the username tried; keep them at warning level only.
        "axes": {"level": "WARNING"},
        # One line per task run drowns out what matters; failures are still logged.
        "celery.app.trace": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
    },
}

# The service's own words.
# Retention: years each kind of record is kept, e.g. QAF_RETENTION_YEARS=access_logs=3,audits=7.
# A kind left out keeps the default its app registers (see qaf/retention.py and the README).
QAF_RETENTION_YEARS = env.dict("QAF_RETENTION_YEARS", cast={"value": int}, default={})

QAF_SERVICE_NAME = "Quality Assurance Framework"
QAF_COUNCIL_NAME = env("QAF_COUNCIL_NAME", default="Northmoor Council")
# Where links in emails point: the public address of this service. Required unless DEBUG is on:
# the web process and the Celery worker refuse to start without it (qaf/checks.py).
QAF_BASE_URL = env("QAF_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Days an invitation link (to set a password) stays valid.
ORGANISATION_INVITATION_DAYS = env.int("ORGANISATION_INVITATION_DAYS", default=7)
QAF_DROP_FOLDER = env.path("QAF_DROP_FOLDER", default=BASE_DIR / "var" / "drop")

# Audits
# Cases sampled per team each month and each peer auditor's monthly capacity, until a QA officer
# sets them per team and per person on the sampling settings page.
QAF_AUDIT_CASES_PER_TEAM = env.int("QAF_AUDIT_CASES_PER_TEAM", default=3)
QAF_AUDIT_PEER_CAPACITY = env.int("QAF_AUDIT_PEER_CAPACITY", default=4)
QAF_AUDIT_MAX_CASES_PER_TEAM = 20
QAF_AUDIT_MAX_PEER_CAPACITY = 20
# Auditors are reminded this many working days before their grading is due, and when overdue.
QAF_AUDIT_REMINDER_WORKING_DAYS = env.int("QAF_AUDIT_REMINDER_WORKING_DAYS", default=3)

# Voice
# How long a feedback link works, in days (a practitioner may choose up to the maximum).
FEEDBACK_LINK_DAYS = env.int("FEEDBACK_LINK_DAYS", default=28)
FEEDBACK_LINK_MAX_DAYS = 90
# Closure surveys wait this long for the social worker to make and give out the link.
FEEDBACK_CLOSURE_PENDING_DAYS = 28
# The closure job looks back this far, so a missed run is caught up on the next.
FEEDBACK_CLOSURE_LOOKBACK_DAYS = 14
# Complaint responses are due this many working days after receipt or escalation.
FEEDBACK_COMPLAINT_WORKING_DAYS = {"stage_1": 10, "stage_2": 25, "stage_3": 30}
# Wrong links from one address in ten minutes before it is asked to wait.
FEEDBACK_LINK_GUESS_LIMIT = env.int("FEEDBACK_LINK_GUESS_LIMIT", default=20)

# Casework imports
# New teams named by an import go in this service area until a QA officer moves them.
CASEWORK_IMPORT_UNASSIGNED_AREA = env("CASEWORK_IMPORT_UNASSIGNED_AREA", default="Unassigned")
# Uploads bigger than this are refused before they are stored.
CASEWORK_IMPORT_MAX_UPLOAD_BYTES = env.int("CASEWORK_IMPORT_MAX_UPLOAD_MB", default=20) * 2**20
# A workbook that unpacks to more than this is refused unread (a 50,000-row return is ~25 MB).
CASEWORK_IMPORT_MAX_UNPACKED_BYTES = env.int("CASEWORK_IMPORT_MAX_UNPACKED_MB", default=200) * 2**20
# ... and so is one with a part (over 1 MB) that unpacks to more than this many times its packed
# size: Excel's parts pack about 10 to 1; a zip bomb packs hundreds or thousands to 1.
CASEWORK_IMPORT_MAX_UNPACK_RATIO = env.int("CASEWORK_IMPORT_MAX_UNPACK_RATIO", default=100)
# ... or with more parts than this (a workbook of 11 lists has about 25).
CASEWORK_IMPORT_MAX_ZIP_MEMBERS = env.int("CASEWORK_IMPORT_MAX_ZIP_MEMBERS", default=1000)
# A file with more rows (all lists together) or filled-in cells than these is refused part-read.
CASEWORK_IMPORT_MAX_ROWS = env.int("CASEWORK_IMPORT_MAX_ROWS", default=1_000_000)
# The children in need census XML is refused unread above this size (a large authority's is
# tens of MB).
CASEWORK_RETURN_MAX_XML_BYTES = env.int("CASEWORK_RETURN_MAX_XML_MB", default=500) * 2**20
CASEWORK_IMPORT_MAX_CELLS = env.int("CASEWORK_IMPORT_MAX_CELLS", default=30_000_000)
# An upload waiting for confirmation is discarded (file deleted) after this many hours.
CASEWORK_IMPORT_PREVIEW_HOURS = env.int("CASEWORK_IMPORT_PREVIEW_HOURS", default=24)
# Nightly feeds: workbooks and CSV files put here are imported by the beat schedule above.
CASEWORK_IMPORT_DROP_FOLDER = QAF_DROP_FOLDER

# Moderation
# Both gradings in: a different overall grade goes to moderation when this is on, and so does a
# domain whose two grades are this many steps apart or more (0 turns the domain rule off).
QAF_MODERATION_OVERALL_DIFFERENCE_ROUTES = env.bool(
    "QAF_MODERATION_OVERALL_DIFFERENCE_ROUTES", default=True
)
QAF_MODERATION_DOMAIN_STEP_THRESHOLD = env.int("QAF_MODERATION_DOMAIN_STEP_THRESHOLD", default=2)
# Timescales in working days (England and Wales bank holidays excluded).
QAF_MODERATION_WORKING_DAYS = env.int("QAF_MODERATION_WORKING_DAYS", default=10)
QAF_FEEDBACK_WORKING_DAYS = env.int("QAF_FEEDBACK_WORKING_DAYS", default=10)
# Staff voice: no figure or comment is shown for a group of fewer answers than this, and no
# answer names a team or service area with fewer staff than this.
QAF_STAFF_VOICE_MIN_GROUP = env.int("QAF_STAFF_VOICE_MIN_GROUP", default=10)
QAF_FOLLOW_UP_MONTHS = env.int("QAF_FOLLOW_UP_MONTHS", default=3)
QAF_FOLLOW_UP_WORKING_DAYS = env.int("QAF_FOLLOW_UP_WORKING_DAYS", default=10)
# Reminders start this many working days before something is due; anything overdue by
# QAF_ESCALATE_AFTER_WORKING_DAYS is escalated, once, to the head of service.
QAF_MODERATION_REMINDER_WORKING_DAYS = env.int("QAF_MODERATION_REMINDER_WORKING_DAYS", default=2)
QAF_ESCALATE_AFTER_WORKING_DAYS = env.int("QAF_ESCALATE_AFTER_WORKING_DAYS", default=5)
